import { defineMunicipality } from './schema.ts';
import { serbianHolidays } from './holidays.ts';

export default defineMunicipality({
  id: 'zubin-potok',
  name: { sr: 'Зубин Поток', sq: 'Zubin Potok' },
  officialName: { sr: 'Општина Зубин Поток', sq: 'Komuna e Zubin Potokut' },
  nameLocative: { sr: 'у Зубином Потоку', sq: 'në Zubin Potok' },
  platformName: { sr: 'Е-општина Зубин Поток', sq: 'E-komuna Zubin Potok' },
  domain: 'ezubinpotok.com',
  launched: '2018-11-28',
  albanianSince: '2020-01-15',
  colours: { primary: '#0b6068', primaryDark: '#083f45', accent: '#a8590f' },
  emblem: { initials: 'ЗП', motif: 'lake' },
  contact: {
    address: { sr: 'Зграда општине, Зубин Поток', sq: 'Ndërtesa e komunës, Zubin Potok' },
    email: 'kontakt@ezubinpotok.com',
    hours: { sr: 'Понедељак–петак, 08:00–16:00', sq: 'E hënë–e premte, 08:00–16:00' },
  },
  mayor: {
    role: { sr: 'Председник општине', sq: 'Kryetari i komunës' },
    duties: {
      sr: 'Председник општине руководи општинском управом, предлаже буџет и развојне планове и одговара на питања грађана поднета преко механизма „Питајте градоначелника”.',
      sq: 'Kryetari i komunës udhëheq administratën komunale, propozon buxhetin dhe planet zhvillimore dhe u përgjigjet pyetjeve të qytetarëve të dërguara përmes mekanizmit "Pyet kryetarin".',
    },
  },
  assembly: {
    seats: 15,
    description: {
      sr: 'Скупштина општине има 15 одборника. Доноси буџет, статут, прописе и планове општине. Седнице су јавне, а одлуке се објављују у одељку Документи.',
      sq: 'Kuvendi i komunës ka 15 anëtarë. Ai miraton buxhetin, statutin, aktet normative dhe planet e komunës. Seancat janë publike dhe vendimet publikohen te rubrika Dokumente.',
    },
  },
  departments: [
    {
      name: { sr: 'Одељење за урбанизам и инфраструктуру', sq: 'Drejtoria për Urbanizëm dhe Infrastrukturë' },
      duties: { sr: 'Локални и сеоски путеви, јавна расвета, грађевинске дозволе и просторно планирање.', sq: 'Rrugët lokale dhe fshatare, ndriçimi publik, lejet e ndërtimit dhe planifikimi hapësinor.' },
      email: 'infrastruktura@ezubinpotok.com',
    },
    {
      name: { sr: 'Одељење за јавне услуге и заштиту животне средине', sq: 'Drejtoria për Shërbime Publike dhe Mbrojtje të Mjedisit' },
      duties: { sr: 'Водоснабдевање, канализација, одвоз отпада, зелене површине и заштита обала језера.', sq: 'Furnizimi me ujë, kanalizimi, mbeturinat, hapësirat e gjelbra dhe mbrojtja e bregut të liqenit.' },
      email: 'komunalno@ezubinpotok.com',
    },
    {
      name: { sr: 'Одељење за финансије и буџет', sq: 'Drejtoria për Financa dhe Buxhet' },
      duties: { sr: 'Израда и извршење буџета, порез на имовину и јавне набавке.', sq: 'Hartimi dhe zbatimi i buxhetit, tatimi në pronë dhe prokurimi publik.' },
      email: 'finansije@ezubinpotok.com',
    },
    {
      name: { sr: 'Одељење за образовање, културу, омладину и спорт', sq: 'Drejtoria për Arsim, Kulturë, Rini dhe Sport' },
      duties: { sr: 'Предшколско и основно образовање, културни програми, омладина и спорт.', sq: 'Arsimi parashkollor dhe fillor, programet kulturore, rinia dhe sporti.' },
      email: 'obrazovanje@ezubinpotok.com',
    },
    {
      name: { sr: 'Одељење за здравство и социјалну заштиту', sq: 'Drejtoria për Shëndetësi dhe Mirëqenie Sociale' },
      duties: { sr: 'Примарна здравствена заштита и социјалне услуге.', sq: 'Kujdesi shëndetësor parësor dhe shërbimet sociale.' },
      email: 'zdravstvo@ezubinpotok.com',
    },
  ],
  facts: [
    { label: { sr: 'Платформа ради од', sq: 'Platforma funksionon që nga' }, value: { sr: '28. новембра 2018.', sq: '28 nëntor 2018' } },
    { label: { sr: 'Посетилаца 2018–2020.', sq: 'Vizitorë 2018–2020' }, value: { sr: '5.675 корисника, 8.162 посете', sq: '5.675 përdorues, 8.162 vizita' } },
    { label: { sr: 'Одговорених захтева у Систему 48х до краја 2020.', sq: 'Kërkesa të përgjigjura në Sistemin 48h deri në fund të 2020' }, value: { sr: '5', sq: '5' } },
    { label: { sr: 'Јавних консултација на платформи до краја 2020.', sq: 'Konsultime publike në platformë deri në fund të 2020' }, value: { sr: '2', sq: '2' } },
  ],
  categories: [
    { code: 'roads', name: { sr: 'Улице и тротоари', sq: 'Rrugë dhe trotuare' }, description: { sr: 'Ударне рупе, оштећен асфалт, снег и лед на улицама у насељу.', sq: 'Gropa, asfalt i dëmtuar, borë dhe akull në rrugët e qytezës.' }, inbox: 'infrastruktura@ezubinpotok.com' },
    { code: 'rural-roads', name: { sr: 'Сеоски путеви', sq: 'Rrugë fshatare' }, description: { sr: 'Непроходни или оштећени сеоски путеви, одрони, неочишћен снег, запушени пропусти.', sq: 'Rrugë fshatare të pakalueshme ose të dëmtuara, rrëshqitje dheu, borë e papastruar, tombino të bllokuara.' }, inbox: 'infrastruktura@ezubinpotok.com' },
    { code: 'lighting', name: { sr: 'Јавна расвета', sq: 'Ndriçimi publik' }, description: { sr: 'Угашене или оштећене уличне светиљке.', sq: 'Llamba rrugore të fikura ose të dëmtuara.' }, inbox: 'infrastruktura@ezubinpotok.com' },
    { code: 'water', name: { sr: 'Вода и канализација', sq: 'Ujë dhe kanalizim' }, description: { sr: 'Пуцање цеви, нестанак воде, запушена канализација.', sq: 'Gypa të plasur, mungesë uji, kanalizim i bllokuar.' }, inbox: 'komunalno@ezubinpotok.com' },
    { code: 'waste', name: { sr: 'Отпад и чистоћа', sq: 'Mbeturina dhe pastërti' }, description: { sr: 'Неодвезено смеће, дивље депоније, отпад поред језера и река.', sq: 'Mbeturina të pambledhura, deponi ilegale, mbeturina pranë liqenit dhe lumenjve.' }, inbox: 'komunalno@ezubinpotok.com' },
    { code: 'other', name: { sr: 'Остало', sq: 'Tjetër' }, inbox: 'kontakt@ezubinpotok.com' },
  ],
  mayorInbox: 'predsednik@ezubinpotok.com',
  supervisorInbox: 'nadzor@ezubinpotok.com',
  map: { center: [42.9147, 20.6897], zoom: 14, bounds: [[42.80, 20.50], [43.00, 20.85]] },
  clock: { countWeekends: false, countHolidays: false, holidays: serbianHolidays },
});
