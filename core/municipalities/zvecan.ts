import { defineMunicipality } from './schema.ts';
import { serbianHolidays } from './holidays.ts';

export default defineMunicipality({
  id: 'zvecan',
  name: { sr: 'Звечан', sq: 'Zveçan' },
  officialName: { sr: 'Општина Звечан', sq: 'Komuna e Zveçanit' },
  nameLocative: { sr: 'у Звечану', sq: 'në Zveçan' },
  platformName: { sr: 'Е-општина Звечан', sq: 'E-komuna Zveçan' },
  domain: 'ezvecan.com',
  launched: '2017-11-28',
  albanianSince: '2020-01-15',
  colours: { primary: '#1d4e89', primaryDark: '#12325a', accent: '#b8860b' },
  emblem: { initials: 'ЗВ', motif: 'tower' },
  contact: {
    address: { sr: 'Зграда општине, Звечан', sq: 'Ndërtesa e komunës, Zveçan' },
    email: 'kontakt@ezvecan.com',
    hours: { sr: 'Понедељак–петак, 08:00–16:00', sq: 'E hënë–e premte, 08:00–16:00' },
  },
  mayor: {
    role: { sr: 'Председник општине', sq: 'Kryetari i komunës' },
    duties: {
      sr: 'Председник општине руководи општинском управом, предлаже буџет и одговара на питања грађана поднета преко механизма „Питајте градоначелника”.',
      sq: 'Kryetari i komunës udhëheq administratën komunale, propozon buxhetin dhe u përgjigjet pyetjeve të qytetarëve të dërguara përmes mekanizmit "Pyet kryetarin".',
    },
  },
  assembly: {
    seats: 19,
    description: {
      sr: 'Скупштина општине доноси буџет, статут, прописе и планове општине. Седнице су јавне, а одлуке се објављују у одељку Документи.',
      sq: 'Kuvendi i komunës miraton buxhetin, statutin, aktet normative dhe planet e komunës. Seancat janë publike dhe vendimet publikohen te rubrika Dokumente.',
    },
  },
  departments: [
    {
      name: { sr: 'Одељење за урбанизам и инфраструктуру', sq: 'Drejtoria për Urbanizëm dhe Infrastrukturë' },
      duties: { sr: 'Путеви, јавна расвета, грађевинске дозволе и просторно планирање.', sq: 'Rrugët, ndriçimi publik, lejet e ndërtimit dhe planifikimi hapësinor.' },
      email: 'infrastruktura@ezvecan.com',
    },
    {
      name: { sr: 'Одељење за јавне услуге и заштиту животне средине', sq: 'Drejtoria për Shërbime Publike dhe Mbrojtje të Mjedisit' },
      duties: { sr: 'Водовод, канализација, одвоз отпада, зелене површине и комунални ред.', sq: 'Ujësjellësi, kanalizimi, mbeturinat, hapësirat e gjelbra dhe rendi komunal.' },
      email: 'komunalno@ezvecan.com',
    },
    {
      name: { sr: 'Одељење за финансије и буџет', sq: 'Drejtoria për Financa dhe Buxhet' },
      duties: { sr: 'Израда и извршење буџета, порез на имовину и јавне набавке.', sq: 'Hartimi dhe zbatimi i buxhetit, tatimi në pronë dhe prokurimi publik.' },
      email: 'finansije@ezvecan.com',
    },
    {
      name: { sr: 'Одељење за образовање, културу, омладину и спорт', sq: 'Drejtoria për Arsim, Kulturë, Rini dhe Sport' },
      duties: { sr: 'Предшколско и основно образовање, културни програми, омладина и спорт.', sq: 'Arsimi parashkollor dhe fillor, programet kulturore, rinia dhe sporti.' },
      email: 'obrazovanje@ezvecan.com',
    },
    {
      name: { sr: 'Одељење за здравство и социјалну заштиту', sq: 'Drejtoria për Shëndetësi dhe Mirëqenie Sociale' },
      duties: { sr: 'Примарна здравствена заштита и социјалне услуге.', sq: 'Kujdesi shëndetësor parësor dhe shërbimet sociale.' },
      email: 'zdravstvo@ezvecan.com',
    },
  ],
  facts: [
    { label: { sr: 'Платформа ради од', sq: 'Platforma funksionon që nga' }, value: { sr: '28. новембра 2017.', sq: '28 nëntor 2017' } },
    { label: { sr: 'Посетилаца 2017–2020.', sq: 'Vizitorë 2017–2020' }, value: { sr: '18.831 корисник, 34.655 посета', sq: '18.831 përdorues, 34.655 vizita' } },
    { label: { sr: 'Одговорених захтева у Систему 48х до краја 2020.', sq: 'Kërkesa të përgjigjura në Sistemin 48h deri në fund të 2020' }, value: { sr: '41', sq: '41' } },
  ],
  categories: [
    { code: 'roads', name: { sr: 'Путеви и тротоари', sq: 'Rrugë dhe trotuare' }, description: { sr: 'Ударне рупе, оштећен асфалт, снег и лед на путу.', sq: 'Gropa, asfalt i dëmtuar, borë dhe akull në rrugë.' }, inbox: 'infrastruktura@ezvecan.com' },
    { code: 'lighting', name: { sr: 'Јавна расвета', sq: 'Ndriçimi publik' }, description: { sr: 'Угашене или оштећене уличне светиљке.', sq: 'Llamba rrugore të fikura ose të dëmtuara.' }, inbox: 'infrastruktura@ezvecan.com' },
    { code: 'water', name: { sr: 'Вода и канализација', sq: 'Ujë dhe kanalizim' }, description: { sr: 'Пуцање цеви, нестанак воде, запушена канализација.', sq: 'Gypa të plasur, mungesë uji, kanalizim i bllokuar.' }, inbox: 'komunalno@ezvecan.com' },
    { code: 'waste', name: { sr: 'Отпад и чистоћа', sq: 'Mbeturina dhe pastërti' }, description: { sr: 'Неодвезено смеће, дивље депоније, пуни контејнери.', sq: 'Mbeturina të pambledhura, deponi ilegale, kontejnerë të mbushur.' }, inbox: 'komunalno@ezvecan.com' },
    { code: 'green', name: { sr: 'Зелене површине и игралишта', sq: 'Hapësira të gjelbra dhe kënde lojërash' }, description: { sr: 'Паркови, дрвеће, клупе и дечја игралишта.', sq: 'Parqe, pemë, stola dhe kënde lojërash për fëmijë.' }, inbox: 'komunalno@ezvecan.com' },
    { code: 'other', name: { sr: 'Остало', sq: 'Tjetër' }, inbox: 'kontakt@ezvecan.com' },
  ],
  mayorInbox: 'predsednik@ezvecan.com',
  supervisorInbox: 'nadzor@ezvecan.com',
  map: { center: [42.9075, 20.8406], zoom: 14, bounds: [[42.84, 20.72], [42.98, 20.95]] },
  clock: { countWeekends: false, countHolidays: false, holidays: serbianHolidays },
});
