import { defineMunicipality } from './schema.ts';
import { serbianHolidays } from './holidays.ts';

export default defineMunicipality({
  id: 'leposavic',
  name: { sr: 'Лепосавић', sq: 'Leposaviq' },
  officialName: { sr: 'Општина Лепосавић', sq: 'Komuna e Leposaviqit' },
  nameLocative: { sr: 'у Лепосавићу', sq: 'në Leposaviq' },
  platformName: { sr: 'Е-општина Лепосавић', sq: 'E-komuna Leposaviq' },
  domain: 'eleposavic.com',
  launched: '2018-11-28',
  albanianSince: '2020-01-15',
  colours: { primary: '#2d6a4f', primaryDark: '#1b4332', accent: '#a0522d' },
  emblem: { initials: 'ЛП', motif: 'hills' },
  contact: {
    address: { sr: 'Зграда општине, Лепосавић', sq: 'Ndërtesa e komunës, Leposaviq' },
    email: 'kontakt@eleposavic.com',
    hours: { sr: 'Понедељак–петак, 08:00–16:00', sq: 'E hënë–e premte, 08:00–16:00' },
  },
  mayor: {
    role: { sr: 'Председник општине', sq: 'Kryetari i komunës' },
    duties: {
      sr: 'Председник општине води општинску управу, предлаже буџет Скупштини и одговара на питања која грађани пошаљу преко механизма „Питајте градоначелника”.',
      sq: 'Kryetari i komunës drejton administratën komunale, i propozon buxhetin Kuvendit dhe u përgjigjet pyetjeve që qytetarët dërgojnë përmes mekanizmit "Pyet kryetarin".',
    },
  },
  assembly: {
    seats: 19,
    description: {
      sr: 'Скупштина општине усваја буџет, статут, прописе и развојне планове општине. Седнице су отворене за јавност, а усвојене одлуке објављују се у одељку Документи.',
      sq: 'Kuvendi i komunës miraton buxhetin, statutin, aktet normative dhe planet zhvillimore të komunës. Seancat janë të hapura për publikun dhe vendimet e miratuara publikohen te rubrika Dokumente.',
    },
  },
  departments: [
    {
      name: { sr: 'Одељење за урбанизам и инфраструктуру', sq: 'Drejtoria për Urbanizëm dhe Infrastrukturë' },
      duties: { sr: 'Улице и сеоски путеви, јавна расвета, грађевинске дозволе и просторно планирање.', sq: 'Rrugët urbane dhe rurale, ndriçimi publik, lejet e ndërtimit dhe planifikimi hapësinor.' },
      email: 'infrastruktura@eleposavic.com',
    },
    {
      name: { sr: 'Одељење за јавне услуге и заштиту животне средине', sq: 'Drejtoria për Shërbime Publike dhe Mbrojtje të Mjedisit' },
      duties: { sr: 'Водовод, канализација, одвоз отпада, зелене површине и заштита природе.', sq: 'Ujësjellësi, kanalizimi, mbeturinat, hapësirat e gjelbra dhe mbrojtja e natyrës.' },
      email: 'komunalno@eleposavic.com',
    },
    {
      name: { sr: 'Одељење за пољопривреду и рурални развој', sq: 'Drejtoria për Bujqësi dhe Zhvillim Rural' },
      duties: { sr: 'Подршка пољопривредним газдинствима, шумарство, саветовање пољопривредника и развој села.', sq: 'Mbështetja e ekonomive bujqësore, pylltaria, këshillimi i fermerëve dhe zhvillimi i fshatrave.' },
      email: 'poljoprivreda@eleposavic.com',
    },
    {
      name: { sr: 'Одељење за финансије и буџет', sq: 'Drejtoria për Financa dhe Buxhet' },
      duties: { sr: 'Израда и извршење буџета, порез на имовину и јавне набавке.', sq: 'Hartimi dhe zbatimi i buxhetit, tatimi në pronë dhe prokurimi publik.' },
      email: 'finansije@eleposavic.com',
    },
    {
      name: { sr: 'Одељење за друштвене делатности', sq: 'Drejtoria për Veprimtari Shoqërore' },
      duties: { sr: 'Образовање, култура, омладина и спорт, примарна здравствена заштита и социјалне услуге.', sq: 'Arsimi, kultura, rinia dhe sporti, kujdesi shëndetësor parësor dhe shërbimet sociale.' },
      email: 'drustvene@eleposavic.com',
    },
  ],
  facts: [
    { label: { sr: 'Платформа ради од', sq: 'Platforma funksionon që nga' }, value: { sr: '28. новембра 2018.', sq: '28 nëntor 2018' } },
    { label: { sr: 'Посетилаца 2018–2020.', sq: 'Vizitorë 2018–2020' }, value: { sr: '8.330 корисника, 14.876 посета', sq: '8.330 përdorues, 14.876 vizita' } },
    { label: { sr: 'Одговорених захтева у Систему 48х до краја 2020.', sq: 'Kërkesa të përgjigjura në Sistemin 48h deri në fund të 2020' }, value: { sr: '1', sq: '1' } },
    { label: { sr: 'Јавних консултација на платформи до краја 2020.', sq: 'Konsultime publike në platformë deri në fund të 2020' }, value: { sr: '2', sq: '2' } },
  ],
  categories: [
    { code: 'roads', name: { sr: 'Улице и тротоари', sq: 'Rrugë dhe trotuare' }, description: { sr: 'Ударне рупе, оштећен асфалт, снег и лед на улицама.', sq: 'Gropa, asfalt i dëmtuar, borë dhe akull në rrugë.' }, inbox: 'infrastruktura@eleposavic.com' },
    { code: 'rural-roads', name: { sr: 'Сеоски путеви', sq: 'Rrugë rurale' }, description: { sr: 'Непроходни или оштећени сеоски путеви, одрони, нечишћен снег.', sq: 'Rrugë fshatrash të pakalueshme ose të dëmtuara, rrëshqitje dheu, borë e papastruar.' }, inbox: 'infrastruktura@eleposavic.com' },
    { code: 'lighting', name: { sr: 'Јавна расвета', sq: 'Ndriçimi publik' }, description: { sr: 'Угашене или оштећене уличне светиљке.', sq: 'Llamba rrugore të fikura ose të dëmtuara.' }, inbox: 'infrastruktura@eleposavic.com' },
    { code: 'water', name: { sr: 'Вода и канализација', sq: 'Ujë dhe kanalizim' }, description: { sr: 'Пуцање цеви, нестанак воде, запушена канализација.', sq: 'Gypa të plasur, mungesë uji, kanalizim i bllokuar.' }, inbox: 'komunalno@eleposavic.com' },
    { code: 'waste', name: { sr: 'Отпад и чистоћа', sq: 'Mbeturina dhe pastërti' }, description: { sr: 'Неодвезено смеће, дивље депоније, пуни контејнери.', sq: 'Mbeturina të pambledhura, deponi ilegale, kontejnerë të mbushur.' }, inbox: 'komunalno@eleposavic.com' },
    { code: 'other', name: { sr: 'Остало', sq: 'Tjetër' }, inbox: 'kontakt@eleposavic.com' },
  ],
  mayorInbox: 'predsednik@eleposavic.com',
  supervisorInbox: 'nadzor@eleposavic.com',
  map: { center: [43.1025, 20.8028], zoom: 14, bounds: [[42.98, 20.60], [43.30, 21.00]] },
  clock: { countWeekends: false, countHolidays: false, holidays: serbianHolidays },
});
