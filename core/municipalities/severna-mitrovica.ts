import { defineMunicipality } from './schema.ts';
import { serbianHolidays } from './holidays.ts';

export default defineMunicipality({
  id: 'severna-mitrovica',
  name: { sr: 'Северна Митровица', sq: 'Mitrovica e Veriut' },
  officialName: { sr: 'Општина Северна Митровица', sq: 'Komuna e Mitrovicës së Veriut' },
  nameLocative: { sr: 'у Северној Митровици', sq: 'në Mitrovicë të Veriut' },
  platformName: { sr: 'Е-општина Северна Митровица', sq: 'E-komuna Mitrovica e Veriut' },
  domain: 'esevernamitrovica.com',
  launched: '2018-11-28',
  albanianSince: '2020-01-15',
  colours: { primary: '#0b6e69', primaryDark: '#08504c', accent: '#c9822b' },
  emblem: { initials: 'СМ', motif: 'river' },
  contact: {
    address: { sr: 'Зграда општине, Северна Митровица', sq: 'Ndërtesa e komunës, Mitrovica e Veriut' },
    email: 'kontakt@esevernamitrovica.com',
    hours: { sr: 'Понедељак–петак, 08:00–16:00', sq: 'E hënë–e premte, 08:00–16:00' },
  },
  mayor: {
    role: { sr: 'Председник општине', sq: 'Kryetari i komunës' },
    duties: {
      sr: 'Председник општине руководи општинском управом, предлаже буџет Скупштини и одговара на питања грађана која стигну преко механизма „Питајте градоначелника”.',
      sq: 'Kryetari i komunës drejton administratën komunale, i propozon Kuvendit buxhetin dhe u përgjigjet pyetjeve të qytetarëve që vijnë përmes mekanizmit "Pyet kryetarin".',
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
      duties: { sr: 'Улице, јавна расвета, саобраћајна сигнализација, грађевинске дозволе и просторно планирање.', sq: 'Rrugët, ndriçimi publik, sinjalizimi rrugor, lejet e ndërtimit dhe planifikimi hapësinor.' },
      email: 'infrastruktura@esevernamitrovica.com',
    },
    {
      name: { sr: 'Одељење за јавне услуге и заштиту животне средине', sq: 'Drejtoria për Shërbime Publike dhe Mbrojtje të Mjedisit' },
      duties: { sr: 'Водовод, канализација, одвоз отпада, одржавање јавних површина и комунални ред.', sq: 'Ujësjellësi, kanalizimi, mbeturinat, mirëmbajtja e hapësirave publike dhe rendi komunal.' },
      email: 'komunalno@esevernamitrovica.com',
    },
    {
      name: { sr: 'Одељење за финансије и буџет', sq: 'Drejtoria për Financa dhe Buxhet' },
      duties: { sr: 'Израда и извршење буџета, порез на имовину и јавне набавке.', sq: 'Hartimi dhe zbatimi i buxhetit, tatimi në pronë dhe prokurimi publik.' },
      email: 'finansije@esevernamitrovica.com',
    },
    {
      name: { sr: 'Одељење за образовање, културу, омладину и спорт', sq: 'Drejtoria për Arsim, Kulturë, Rini dhe Sport' },
      duties: { sr: 'Предшколско и основно образовање, културни програми, омладина и спорт.', sq: 'Arsimi parashkollor dhe fillor, programet kulturore, rinia dhe sporti.' },
      email: 'obrazovanje@esevernamitrovica.com',
    },
    {
      name: { sr: 'Одељење за здравство и социјалну заштиту', sq: 'Drejtoria për Shëndetësi dhe Mirëqenie Sociale' },
      duties: { sr: 'Примарна здравствена заштита и социјалне услуге.', sq: 'Kujdesi shëndetësor parësor dhe shërbimet sociale.' },
      email: 'zdravstvo@esevernamitrovica.com',
    },
  ],
  facts: [
    { label: { sr: 'Платформа ради од', sq: 'Platforma funksionon që nga' }, value: { sr: '28. новембра 2018.', sq: '28 nëntor 2018' } },
    { label: { sr: 'Посетилаца 2018–2020.', sq: 'Vizitorë 2018–2020' }, value: { sr: '8.567 корисника, 11.859 посета', sq: '8.567 përdorues, 11.859 vizita' } },
    { label: { sr: 'Одговорених захтева у Систему 48х до краја 2020.', sq: 'Kërkesa të përgjigjura në Sistemin 48h deri në fund të 2020' }, value: { sr: '7', sq: '7' } },
  ],
  categories: [
    { code: 'roads', name: { sr: 'Улице и тротоари', sq: 'Rrugë dhe trotuare' }, description: { sr: 'Ударне рупе, оштећен асфалт и тротоари, снег и лед на улици.', sq: 'Gropa, asfalt dhe trotuare të dëmtuara, borë dhe akull në rrugë.' }, inbox: 'infrastruktura@esevernamitrovica.com' },
    { code: 'lighting', name: { sr: 'Јавна расвета', sq: 'Ndriçimi publik' }, description: { sr: 'Угашене или оштећене уличне светиљке.', sq: 'Llamba rrugore të fikura ose të dëmtuara.' }, inbox: 'infrastruktura@esevernamitrovica.com' },
    { code: 'water', name: { sr: 'Вода и канализација', sq: 'Ujë dhe kanalizim' }, description: { sr: 'Пуцање цеви, нестанак воде, запушена канализација.', sq: 'Gypa të plasur, mungesë uji, kanalizim i bllokuar.' }, inbox: 'komunalno@esevernamitrovica.com' },
    { code: 'waste', name: { sr: 'Отпад и чистоћа', sq: 'Mbeturina dhe pastërti' }, description: { sr: 'Неодвезено смеће, дивље депоније, пуни контејнери.', sq: 'Mbeturina të pambledhura, deponi ilegale, kontejnerë të mbushur.' }, inbox: 'komunalno@esevernamitrovica.com' },
    { code: 'parking', name: { sr: 'Паркирање и саобраћајни знаци', sq: 'Parkimi dhe sinjalet rrugore' }, description: { sr: 'Оштећена паркиралишта, нечитке ознаке на коловозу, оборени или недостајући саобраћајни знаци.', sq: 'Parkingje të dëmtuara, shenja të fshira në rrugë, sinjale rrugore të rrëzuara ose që mungojnë.' }, inbox: 'infrastruktura@esevernamitrovica.com' },
    { code: 'other', name: { sr: 'Остало', sq: 'Tjetër' }, inbox: 'kontakt@esevernamitrovica.com' },
  ],
  mayorInbox: 'predsednik@esevernamitrovica.com',
  supervisorInbox: 'nadzor@esevernamitrovica.com',
  map: { center: [42.8935, 20.8665], zoom: 15, bounds: [[42.87, 20.83], [42.92, 20.90]] },
  clock: { countWeekends: false, countHolidays: false, holidays: serbianHolidays },
});
