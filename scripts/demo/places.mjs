// Places for the demo and synthetic cases: a phrase for the text ("{at}") and an address, in
// Serbian (Cyrillic) and Albanian. Only well-known settlements, rivers and streets are named;
// the rest are generic ("код амбуланте"). A place without an Albanian form is used only in
// Serbian cases. Coordinates are not the places' own: cases in town fall near the map centre,
// village cases around a point of the map that is stable per village (see cases-gen.mjs).

/**
 * @typedef {{ at: string, addr: string }} PlaceText
 * @typedef {{ key: string, village: boolean, sr: PlaceText, sq?: PlaceText }} Place
 */

/** @param {string} key @param {PlaceText} sr @param {PlaceText} [sq] @returns {Place} */
const town = (key, sr, sq) => ({ key, village: false, sr, ...(sq ? { sq } : {}) });
/** @param {string} key @param {PlaceText} sr @param {PlaceText} [sq] @returns {Place} */
const village = (key, sr, sq) => ({ key, village: true, sr, ...(sq ? { sq } : {}) });

/** Places every town has (also used for a municipality not listed below). */
export const genericTowns = [
  town('school', { at: 'код основне школе', addr: 'Код основне школе' }, { at: 'pranë shkollës fillore', addr: 'Pranë shkollës fillore' }),
  town('bus', { at: 'код аутобуске станице', addr: 'Код аутобуске станице' }, { at: 'pranë stacionit të autobusëve', addr: 'Pranë stacionit të autobusëve' }),
  town('hall', { at: 'код зграде општине', addr: 'Код зграде општине' }, { at: 'pranë ndërtesës së komunës', addr: 'Pranë ndërtesës së komunës' }),
  town('main', { at: 'у главној улици код поште', addr: 'Главна улица, код поште' }, { at: 'në rrugën kryesore pranë postës', addr: 'Rruga kryesore, pranë postës' }),
  town('clinic', { at: 'код амбуланте', addr: 'Код амбуланте' }, { at: 'pranë ambulancës', addr: 'Pranë ambulancës' }),
  town('market', { at: 'поред пијаце', addr: 'Поред пијаце' }, { at: 'pranë tregut', addr: 'Pranë tregut' }),
  town('kindergarten', { at: 'код вртића', addr: 'Код вртића' }, { at: 'pranë çerdhes', addr: 'Pranë çerdhes' }),
  town('sportshall', { at: 'у насељу иза спортске хале', addr: 'Насеље иза спортске хале' }, { at: 'në lagjen prapa sallës sportive', addr: 'Lagjja prapa sallës sportive' }),
  town('culture', { at: 'код дома културе', addr: 'Код дома културе' }, { at: 'pranë shtëpisë së kulturës', addr: 'Pranë shtëpisë së kulturës' }),
  town('stadium', { at: 'код стадиона', addr: 'Код стадиона' }, { at: 'pranë stadiumit', addr: 'Pranë stadiumit' }),
  town('blocks', { at: 'између стамбених зграда у центру', addr: 'Стамбене зграде у центру' }, { at: 'mes ndërtesave të banimit në qendër', addr: 'Ndërtesat e banimit në qendër' }),
];

/** @type {Record<string, Place[]>} */
export const places = {
  zvecan: [
    ...genericTowns,
    town('fortress', { at: 'испод тврђаве', addr: 'Испод Звечанске тврђаве' }, { at: 'poshtë kalasë', addr: 'Poshtë kalasë së Zveçanit' }),
    village('banjska', { at: 'у селу Бањска', addr: 'Бањска' }, { at: 'në fshatin Banjskë', addr: 'Banjskë' }),
    village('zerovnica', { at: 'у селу Жеровница', addr: 'Жеровница' }),
    village('valac', { at: 'у селу Валач', addr: 'Валач' }),
  ],
  'severna-mitrovica': [
    ...genericTowns,
    town('kralja-petra', { at: 'у Улици краља Петра I', addr: 'Улица краља Петра I' }),
    town('kneza-milosa', { at: 'у Улици кнеза Милоша', addr: 'Улица кнеза Милоша' }),
    town('cika-jovina', { at: 'у Улици Чика Јовиној', addr: 'Улица Чика Јовина' }),
    town('suncani-breg', { at: 'на Сунчаном брегу', addr: 'Сунчани брег' }),
    town('bosnjacka-mahala', { at: 'у Бошњачкој махали', addr: 'Бошњачка махала' }, { at: 'në Lagjen e Boshnjakëve', addr: 'Lagjja e Boshnjakëve' }),
    town('bridge', { at: 'код главног моста на Ибру', addr: 'Код главног моста на Ибру' }, { at: 'pranë urës kryesore mbi Ibër', addr: 'Pranë urës kryesore mbi Ibër' }),
    town('quay', { at: 'на шеталишту поред Ибра', addr: 'Шеталиште поред Ибра' }, { at: 'në shëtitoren buzë Ibrit', addr: 'Shëtitorja buzë Ibrit' }),
  ],
  leposavic: [
    ...genericTowns,
    town('ibar', { at: 'у улици поред Ибра', addr: 'Улица поред Ибра' }, { at: 'në rrugën buzë Ibrit', addr: 'Rruga buzë Ibrit' }),
    village('lesak', { at: 'у селу Лешак', addr: 'Лешак' }, { at: 'në fshatin Leshak', addr: 'Leshak' }),
    village('socanica', { at: 'у Сочаници', addr: 'Сочаница' }, { at: 'në Soçanicë', addr: 'Soçanicë' }),
    village('jarinje', { at: 'у селу Јариње', addr: 'Јариње' }, { at: 'në fshatin Jarinjë', addr: 'Jarinjë' }),
    village('dren', { at: 'у селу Дрен', addr: 'Дрен' }),
  ],
  'zubin-potok': [
    ...genericTowns,
    town('lake', { at: 'поред језера Газиводе', addr: 'Поред језера Газиводе' }, { at: 'pranë liqenit të Ujmanit', addr: 'Pranë liqenit të Ujmanit' }),
    village('zupce', { at: 'у селу Зупче', addr: 'Зупче' }),
    village('brnjak', { at: 'у селу Брњак', addr: 'Брњак' }, { at: 'në fshatin Bërnjak', addr: 'Bërnjak' }),
    village('cabra', { at: 'у селу Чабра', addr: 'Чабра' }, { at: 'në fshatin Çabër', addr: 'Çabër' }),
    village('crepulja', { at: 'у селу Црепуља', addr: 'Црепуља' }),
    village('prevlja', { at: 'у селу Превља', addr: 'Превља' }),
  ],
};

/** Generic villages for a municipality that has no named ones in the list above. */
export const genericVillage = village('village', { at: 'у засеоку изнад села', addr: 'Засеок изнад села' }, { at: 'në lagjen mbi fshat', addr: 'Lagjja mbi fshat' });
