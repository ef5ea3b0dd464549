// Text pools for the demo and synthetic cases (scripts/lib/cases-gen.mjs): what citizens report
// and ask, and what the municipality answers. Written for this project; no real case is quoted.
// Serbian is written once in Cyrillic (Latin-script cases are transliterated), Albanian beside it.
// "{at}" is replaced by a place phrase ("у селу Лешак" / "në fshatin Leshak", "код амбуланте").
//
// Each report has: `plan`, the first answer (what will be done; also the whole answer when the
// case ends as "answered"), and `done`, the answer when it ends as "resolved".

/**
 * @typedef {{ text: string, plan: string, done: string }} ReportText
 * @typedef {'winter' | 'summer'} Season winter: November to March; summer: May to October
 * @typedef {{ cat: string, where: 'town' | 'village' | 'any', season?: Season, sr: ReportText, sq: ReportText }} ReportTemplate
 * @typedef {{ text: string, answer: string }} QuestionText
 * @typedef {{ where?: 'village' | 'any', from?: string, sr: QuestionText, sq: QuestionText }} QuestionTemplate
 * @typedef {{ text: string, referral: string }} OutsideText
 * @typedef {{ where?: 'town' | 'village' | 'any', sr: OutsideText, sq: OutsideText }} OutsideTemplate
 */

/** @type {ReportTemplate[]} System 48h reports the municipality deals with. */
export const reports = [
  // ---- roads and pavements ----
  {
    cat: 'roads', where: 'any',
    sr: {
      text: 'Велика ударна рупа на коловозу {at}. Возачи је заобилазе прелазећи у супротну траку, што је опасно, нарочито ноћу.',
      plan: 'Рупа је уврштена у план крпљења ударних рупа; екипа ће је санирати у току ове недеље.',
      done: 'Ударна рупа је закрпљена асфалтом.',
    },
    sq: {
      text: 'Gropë e madhe në rrugë {at}. Shoferët e anashkalojnë duke kaluar në korsinë e kundërt, gjë që është e rrezikshme, sidomos natën.',
      plan: 'Gropa është përfshirë në planin e riparimit të gropave; ekipi do ta riparojë gjatë kësaj jave.',
      done: 'Gropa u mbulua me asfalt.',
    },
  },
  {
    cat: 'roads', where: 'town',
    sr: {
      text: 'Тротоар {at} је разваљен, плоче су подигнуте и људи се саплићу. Мајке са колицима морају да иду улицом.',
      plan: 'Оштећење је евидентирано. Тротоар ће бити поправљен у оквиру радова на одржавању улица који почињу следеће недеље.',
      done: 'Оштећене плоче су замењене и тротоар је поново проходан.',
    },
    sq: {
      text: 'Trotuari {at} është shkatërruar, pllakat janë ngritur dhe njerëzit pengohen. Nënat me karroca detyrohen të ecin nëpër rrugë.',
      plan: 'Dëmtimi është regjistruar. Trotuari do të riparohet në kuadër të punimeve të mirëmbajtjes së rrugëve që fillojnë javën e ardhshme.',
      done: 'Pllakat e dëmtuara u zëvendësuan dhe trotuari është sërish i kalueshëm.',
    },
  },
  {
    cat: 'roads', where: 'any', season: 'winter',
    sr: {
      text: 'Снег {at} није очишћен од јуче ујутру. Аутобус не може да прође, а стари људи не могу до продавнице.',
      plan: 'Ралица је упућена на терен и улица ће бити очишћена данас до поподнева.',
      done: 'Улица је очишћена и посута сољу. Извињавамо се због кашњења.',
    },
    sq: {
      text: 'Bora {at} nuk është pastruar që nga dje në mëngjes. Autobusi nuk mund të kalojë, ndërsa të moshuarit nuk mund të shkojnë deri te dyqani.',
      plan: 'Borëpastruesja është dërguar në terren dhe rruga do të pastrohet sot deri pasdite.',
      done: 'Rruga u pastrua dhe u shtrua me kripë. Kërkojmë ndjesë për vonesën.',
    },
  },
  {
    cat: 'roads', where: 'town',
    sr: {
      text: 'Поклопац шахта {at} је померен и стрши из асфалта. Већ је оштећено неколико аутомобила.',
      plan: 'Надлежно јавно предузеће је обавештено; поклопац ће бити враћен на место и осигуран.',
      done: 'Поклопац шахта је враћен у раван са асфалтом и учвршћен.',
    },
    sq: {
      text: 'Kapaku i pusetës {at} është zhvendosur dhe del mbi asfalt. Disa vetura tashmë janë dëmtuar.',
      plan: 'Ndërmarrja publike përgjegjëse është njoftuar; kapaku do të vendoset në vend dhe do të sigurohet.',
      done: 'Kapaku i pusetës u rregullua në nivel me asfaltin dhe u përforcua.',
    },
  },
  {
    cat: 'roads', where: 'town',
    sr: {
      text: 'Пешачки прелаз {at} се више не види, бела боја је потпуно избледела. Деца туда свакодневно прелазе до школе.',
      plan: 'Обнова ознака на коловозу код школа планирана је за почетак следећег месеца, а овај прелаз је на списку.',
      done: 'Пешачки прелаз је поново обојен, а постављен је и нови знак.',
    },
    sq: {
      text: 'Vendkalimi për këmbësorë {at} nuk shihet më, ngjyra e bardhë është zbehur krejtësisht. Fëmijët kalojnë aty çdo ditë për në shkollë.',
      plan: 'Rifreskimi i shenjave në rrugë pranë shkollave është planifikuar për fillim të muajit të ardhshëm dhe ky vendkalim është në listë.',
      done: 'Vendkalimi për këmbësorë u ringjyros dhe u vendos edhe një shenjë e re.',
    },
  },
  {
    cat: 'roads', where: 'town',
    sr: {
      text: 'После јучерашње кише {at} стоји велика бара јер је сливник запушен. Пешаци не могу да прођу, а аутомобили их прскају.',
      plan: 'Екипа ће очистити сливник и одвод у току сутрашњег дана.',
      done: 'Сливник је очишћен и вода се више не задржава на коловозу.',
    },
    sq: {
      text: 'Pas shiut të djeshëm {at} ka mbetur një pellg i madh sepse puseta e kullimit është bllokuar. Këmbësorët nuk mund të kalojnë, ndërsa veturat i spërkatin.',
      plan: 'Ekipi do ta pastrojë pusetën dhe kanalin e kullimit gjatë ditës së nesërme.',
      done: 'Puseta u pastrua dhe uji nuk mbetet më në rrugë.',
    },
  },
  {
    cat: 'roads', where: 'any', season: 'winter',
    sr: {
      text: 'Од јутрос је поледица {at}, већ је неколико људи пало. Молимо да се улица поспе.',
      plan: 'Возило за посипање је упућено; улица ће бити посута у наредних неколико сати.',
      done: 'Улица је посута мешавином соли и ризле.',
    },
    sq: {
      text: 'Që nga mëngjesi ka akull {at}, tashmë disa njerëz kanë rënë. Ju lutemi që rruga të shtrohet me kripë.',
      plan: 'Automjeti për shtrimin me kripë është dërguar; rruga do të shtrohet brenda disa orëve.',
      done: 'Rruga u shtrua me një përzierje kripe dhe zhavorri.',
    },
  },
  {
    cat: 'roads', where: 'any',
    sr: {
      text: 'Потпорни зид поред пута {at} се урушио и камење пада на коловоз. Неко ће настрадати ако се не уклони.',
      plan: 'Место је обележено и осигурано, а грађевинска екипа ће уклонити камење и проценити поправку зида.',
      done: 'Камење је уклоњено са коловоза, а оштећени део зида је поново озидан.',
    },
    sq: {
      text: 'Muri mbajtës pranë rrugës {at} është shembur dhe gurët bien në rrugë. Dikush do të lëndohet nëse nuk largohen.',
      plan: 'Vendi është shënuar dhe siguruar, ndërsa ekipi i ndërtimit do t’i largojë gurët dhe do ta vlerësojë riparimin e murit.',
      done: 'Gurët u larguan nga rruga dhe pjesa e dëmtuar e murit u rindërtua.',
    },
  },
  {
    cat: 'roads', where: 'town',
    sr: {
      text: 'Успоривач брзине {at} је поломљен и из њега вире шрафови, већ сам оштетио гуму.',
      plan: 'Оштећени успоривач ће бити уклоњен и замењен новим.',
      done: 'Успоривач је замењен, а шрафови су уклоњени.',
    },
    sq: {
      text: 'Pengesa e shpejtësisë {at} është thyer dhe i dalin vidhat; tashmë më është dëmtuar një gomë.',
      plan: 'Pengesa e dëmtuar do të hiqet dhe do të zëvendësohet me një të re.',
      done: 'Pengesa u zëvendësua dhe vidhat u hoqën.',
    },
  },
  // ---- village roads ----
  {
    cat: 'rural-roads', where: 'village',
    sr: {
      text: 'Пут {at} је после кише непроходан, блато до колена. Ни хитна помоћ не би могла да дође до кућа на крају села.',
      plan: 'Грејдер и камион са ризлом биће упућени на терен крајем ове недеље.',
      done: 'Пут је изравнат грејдером и насут ризлом, сада је проходан.',
    },
    sq: {
      text: 'Rruga {at} pas shiut është e pakalueshme, balta deri në gju. As ambulanca nuk do të mund të arrinte te shtëpitë në fund të fshatit.',
      plan: 'Greideri dhe kamioni me zhavorr do të dërgohen në terren në fund të kësaj jave.',
      done: 'Rruga u rrafshua me greider dhe u shtrua me zhavorr; tani është e kalueshme.',
    },
  },
  {
    cat: 'rural-roads', where: 'village',
    sr: {
      text: 'Одрон на путу {at}: земља и камење затворили су пола коловоза.',
      plan: 'Машина је упућена да уклони одрон; до тада возите опрезно.',
      done: 'Одрон је уклоњен и пут је поново отворен целом ширином.',
    },
    sq: {
      text: 'Rrëshqitje dheu në rrugën {at}: dheu dhe gurët kanë bllokuar gjysmën e rrugës.',
      plan: 'Një makinë është dërguar për ta larguar dheun; deri atëherë vozisni me kujdes.',
      done: 'Dheu u largua dhe rruga është sërish e hapur në tërë gjerësinë.',
    },
  },
  {
    cat: 'rural-roads', where: 'village', season: 'winter',
    sr: {
      text: 'Пут {at} није очишћен од снега већ два дана. Имамо старије мештане којима треба лекар.',
      plan: 'Пут је укључен у данашњи распоред чишћења; ралица креће после главних праваца.',
      done: 'Пут је очишћен до последње куће у засеоку.',
    },
    sq: {
      text: 'Rruga {at} nuk është pastruar nga bora prej dy ditësh. Kemi banorë të moshuar që kanë nevojë për mjek.',
      plan: 'Rruga është përfshirë në orarin e pastrimit për sot; borëpastruesja niset pas rrugëve kryesore.',
      done: 'Rruga u pastrua deri te shtëpia e fundit e lagjes.',
    },
  },
  {
    cat: 'rural-roads', where: 'village',
    sr: {
      text: 'Пропуст испод пута {at} је запушен грањем, вода прелази преко пута и носи ивицу коловоза.',
      plan: 'Екипа ће очистити пропуст и проверити ивицу пута у наредна два дана.',
      done: 'Пропуст је очишћен и вода поново отиче испод пута.',
    },
    sq: {
      text: 'Tombino nën rrugën {at} është bllokuar me degë; uji kalon mbi rrugë dhe po e gërryen skajin e saj.',
      plan: 'Ekipi do ta pastrojë tombinon dhe do ta kontrollojë skajin e rrugës brenda dy ditëve.',
      done: 'Tombino u pastrua dhe uji rrjedh sërish nën rrugë.',
    },
  },
  {
    cat: 'rural-roads', where: 'village',
    sr: {
      text: 'Мостић на путу {at} има поломљену ограду. Деца туда иду у школу.',
      plan: 'Ограда ће још данас бити привремено обезбеђена, а трајна поправка следи у току недеље.',
      done: 'На мостићу је постављена нова метална ограда.',
    },
    sq: {
      text: 'Ura e vogël {at} ka parmakun e thyer. Fëmijët kalojnë aty për në shkollë.',
      plan: 'Parmaku do të sigurohet përkohësisht që sot, ndërsa riparimi i përhershëm bëhet gjatë javës.',
      done: 'Në urë u vendos një parmak i ri metalik.',
    },
  },
  {
    cat: 'rural-roads', where: 'village',
    sr: {
      text: 'Сеоски пут {at} је пун рупа, шљунак је однела вода. Трактором се још некако прође, колима никако.',
      plan: 'Насипање пута ризлом уврштено је у план за овај месец.',
      done: 'Пут је насут ризлом и изравнат.',
    },
    sq: {
      text: 'Rruga {at} është plot gropa, zhavorrin e ka marrë uji. Me traktor kalohet disi, me veturë aspak.',
      plan: 'Shtrimi i rrugës me zhavorr është përfshirë në planin për këtë muaj.',
      done: 'Rruga u shtrua me zhavorr dhe u rrafshua.',
    },
  },
  {
    cat: 'rural-roads', where: 'village',
    sr: {
      text: 'Гране и шибље са обе стране пута {at} толико су израсли да се два возила не могу мимоићи.',
      plan: 'Чишћење растиња поред пута биће урађено у наредне две недеље.',
      done: 'Растиње поред пута је посечено и пут је поново прегледан.',
    },
    sq: {
      text: 'Degët dhe shkurret në të dy anët e rrugës {at} janë rritur aq shumë sa dy automjete nuk mund të kalojnë pranë njëra-tjetrës.',
      plan: 'Pastrimi i bimësisë pranë rrugës do të bëhet brenda dy javëve të ardhshme.',
      done: 'Bimësia pranë rrugës u pre dhe rruga është sërish e dukshme.',
    },
  },
  // ---- street lighting ----
  {
    cat: 'lighting', where: 'any',
    sr: {
      text: 'Улична светиљка {at} не ради већ недељу дана, цела улица је у мраку.',
      plan: 'Пријава је прослеђена екипи за јавну расвету; сијалица ће бити замењена у року од два дана.',
      done: 'Светиљка је поправљена и поново ради.',
    },
    sq: {
      text: 'Llamba rrugore {at} nuk punon prej një jave, e gjithë rruga është në errësirë.',
      plan: 'Raportimi iu dërgua ekipit të ndriçimit publik; llamba do të zëvendësohet brenda dy ditëve.',
      done: 'Llamba u riparua dhe punon sërish.',
    },
  },
  {
    cat: 'lighting', where: 'town',
    sr: {
      text: 'Три светиљке заредом {at} пале се и гасе по цео дан и ноћ, изгледа да је квар на инсталацији.',
      plan: 'Екипа ће проверити инсталацију и фото-ћелију.',
      done: 'Замењена је неисправна фото-ћелија; светиљке сада раде нормално.',
    },
    sq: {
      text: 'Tri llamba me radhë {at} ndizen e fiken gjatë gjithë ditës e natës; duket se ka defekt në instalim.',
      plan: 'Ekipi do ta kontrollojë instalimin dhe fotoqelizën.',
      done: 'U zëvendësua fotoqeliza e prishur; llambat tani punojnë normalisht.',
    },
  },
  {
    cat: 'lighting', where: 'town',
    sr: {
      text: 'Светиљке {at} горе и дању. Штета струје.',
      plan: 'Тајмер ће бити подешен при следећем обиласку екипе.',
      done: 'Тајмер је подешен и светла се сада гасе у зору.',
    },
    sq: {
      text: 'Llambat {at} ndriçojnë edhe ditën. Humbje e kotë e energjisë.',
      plan: 'Kohëmatësi do të rregullohet gjatë vizitës së ardhshme të ekipit.',
      done: 'Kohëmatësi u rregullua dhe dritat tani fiken në agim.',
    },
  },
  {
    cat: 'lighting', where: 'any',
    sr: {
      text: 'Стуб јавне расвете {at} накривио се после олује и прети да падне на пут.',
      plan: 'Простор око стуба је обезбеђен, а екипа ће стуб исправити или заменити.',
      done: 'Стуб је замењен новим и учвршћен.',
    },
    sq: {
      text: 'Shtylla e ndriçimit publik {at} është përkulur pas stuhisë dhe rrezikon të bjerë në rrugë.',
      plan: 'Zona rreth shtyllës është siguruar, ndërsa ekipi do ta drejtojë ose do ta zëvendësojë shtyllën.',
      done: 'Shtylla u zëvendësua me një të re dhe u përforcua.',
    },
  },
  {
    cat: 'lighting', where: 'village',
    sr: {
      text: 'На путу {at} нема ниједне светиљке од последње куће до раскрснице, а туда се пешке иде до аутобуса.',
      plan: 'Постављање нових светиљки на овој деоници биће размотрено при изради плана за следећу годину.',
      done: 'На деоници су постављене четири нове ЛЕД светиљке.',
    },
    sq: {
      text: 'Në rrugën {at} nuk ka asnjë llambë nga shtëpia e fundit deri te kryqëzimi, ndërsa njerëzit ecin aty në këmbë deri te autobusi.',
      plan: 'Vendosja e llambave të reja në këtë pjesë do të shqyrtohet gjatë hartimit të planit për vitin e ardhshëm.',
      done: 'Në këtë pjesë u vendosën katër llamba të reja LED.',
    },
  },
  {
    cat: 'lighting', where: 'town',
    sr: {
      text: 'Разводни орман јавне расвете {at} је отворен, каблови висе на висини деце.',
      plan: 'Ово је опасно; екипа одмах излази на терен.',
      done: 'Орман је затворен и закључан, а каблови су изоловани.',
    },
    sq: {
      text: 'Kutia shpërndarëse e ndriçimit publik {at} është e hapur, kabllot varen në lartësinë e fëmijëve.',
      plan: 'Kjo është e rrezikshme; ekipi del menjëherë në terren.',
      done: 'Kutia u mbyll dhe u kyç, ndërsa kabllot u izoluan.',
    },
  },
  // ---- water and sewage ----
  {
    cat: 'water', where: 'any',
    sr: {
      text: 'Пукла је цев {at}, вода тече низ улицу од синоћ.',
      plan: 'Екипа водовода је на терену; док траје поправка, вода ће бити искључена у делу улице.',
      done: 'Цев је замењена и снабдевање водом је поново уредно.',
    },
    sq: {
      text: 'Ka plasur një gyp {at}, uji rrjedh nëpër rrugë që nga mbrëmja.',
      plan: 'Ekipi i ujësjellësit është në terren; gjatë riparimit uji do të ndërpritet në një pjesë të rrugës.',
      done: 'Gypi u zëvendësua dhe furnizimi me ujë është sërish i rregullt.',
    },
  },
  {
    cat: 'water', where: 'any',
    sr: {
      text: 'Већ трећи дан нема воде {at} од 10 до 18 часова. Нико нас није обавестио зашто.',
      plan: 'Због радова на главном доводу притисак је смањен у вишим деловима насеља. Радови се завршавају до петка, а обавештење ће бити објављено на сајту.',
      done: 'Радови на доводу су завршени и вода стиже без прекида.',
    },
    sq: {
      text: 'Prej tri ditësh nuk ka ujë {at} nga ora 10 deri në 18. Askush nuk na ka njoftuar pse.',
      plan: 'Për shkak të punimeve në linjën kryesore presioni është ulur në pjesët më të larta të lagjes. Punimet përfundojnë deri të premten dhe njoftimi do të publikohet në faqe.',
      done: 'Punimet në linjë përfunduan dhe uji vjen pa ndërprerje.',
    },
  },
  {
    cat: 'water', where: 'any',
    sr: {
      text: 'Вода из чесме {at} је мутна и има мирис, плашимо се да је пијемо.',
      plan: 'Узети су узорци воде за анализу; док не стигну резултати, препоручујемо да воду прокувавате.',
      done: 'Анализа је показала да је вода исправна; замућење је настало при испирању мреже после квара.',
    },
    sq: {
      text: 'Uji nga rubineti {at} është i turbullt dhe ka erë; kemi frikë ta pimë.',
      plan: 'Janë marrë mostra të ujit për analizë; derisa të vijnë rezultatet, ju rekomandojmë ta zieni ujin.',
      done: 'Analiza tregoi se uji është i pijshëm; turbullimi u shkaktua nga shpëlarja e rrjetit pas defektit.',
    },
  },
  {
    cat: 'water', where: 'town',
    sr: {
      text: 'Канализација се излива у двориште зграде {at}, смрад је неподношљив.',
      plan: 'Екипа са цистерном за одгушење биће данас на лицу места.',
      done: 'Канализациона цев је одгушена, а двориште очишћено и дезинфиковано.',
    },
    sq: {
      text: 'Kanalizimi po derdhet në oborrin e ndërtesës {at}, era është e padurueshme.',
      plan: 'Ekipi me cisternën për zhbllokim do të jetë sot në vend.',
      done: 'Gypi i kanalizimit u zhbllokua, ndërsa oborri u pastrua dhe u dezinfektua.',
    },
  },
  {
    cat: 'water', where: 'town',
    sr: {
      text: 'Поклопац канализационог шахта {at} је поломљен, рупа је отворена и неко може да упадне.',
      plan: 'Шахт ће одмах бити обележен, а нови поклопац биће постављен у току дана.',
      done: 'Постављен је нови ливени поклопац.',
    },
    sq: {
      text: 'Kapaku i pusetës së kanalizimit {at} është thyer, vrima është e hapur dhe dikush mund të bjerë brenda.',
      plan: 'Puseta do të shënohet menjëherë, ndërsa kapaku i ri do të vendoset gjatë ditës.',
      done: 'U vendos një kapak i ri prej gize.',
    },
  },
  {
    cat: 'water', where: 'any', season: 'summer',
    sr: {
      text: 'Јавна чесма {at} не ради од пролећа, а лети је користе деца са игралишта.',
      plan: 'Квар на вентилу биће отклоњен при следећем обиласку екипе водовода.',
      done: 'Вентил је замењен и чесма поново ради.',
    },
    sq: {
      text: 'Çezma publike {at} nuk punon që nga pranvera, ndërsa verës e përdorin fëmijët nga këndi i lojërave.',
      plan: 'Defekti në valvul do të riparohet gjatë vizitës së ardhshme të ekipit të ujësjellësit.',
      done: 'Valvula u zëvendësua dhe çezma punon sërish.',
    },
  },
  {
    cat: 'water', where: 'town',
    sr: {
      text: 'Притисак воде {at} је толико слаб да на спратовима увече вода уопште не стиже.',
      plan: 'Проверићемо притисак у мрежи и стање редукционог вентила у том делу насеља.',
      done: 'Редукциони вентил је подешен и притисак је сада уједначен.',
    },
    sq: {
      text: 'Presioni i ujit {at} është aq i dobët sa në katet e sipërme uji nuk arrin fare në mbrëmje.',
      plan: 'Do ta kontrollojmë presionin në rrjet dhe gjendjen e valvulës rregulluese në atë pjesë të lagjes.',
      done: 'Valvula rregulluese u rregullua dhe presioni tani është i njëtrajtshëm.',
    },
  },
  // ---- waste ----
  {
    cat: 'waste', where: 'town',
    sr: {
      text: 'Контејнери {at} нису испражњени више од недељу дана, смеће је око њих и разносе га пси.',
      plan: 'Јавно комунално предузеће је обавештено; контејнери ће бити испражњени сутра ујутру.',
      done: 'Контејнери су испражњени, а простор око њих је очишћен.',
    },
    sq: {
      text: 'Kontejnerët {at} nuk janë zbrazur për më shumë se një javë; mbeturinat janë përreth dhe qentë i shpërndajnë.',
      plan: 'Ndërmarrja publike komunale është njoftuar; kontejnerët do të zbrazen nesër në mëngjes.',
      done: 'Kontejnerët u zbrazën dhe hapësira përreth u pastrua.',
    },
  },
  {
    cat: 'waste', where: 'any',
    sr: {
      text: 'Дивља депонија {at}: неко је истоварио грађевински шут и старе гуме поред пута.',
      plan: 'Комунални инспектор ће обићи локацију, а уклањање отпада биће организовано у току недеље.',
      done: 'Отпад је уклоњен, а на месту је постављена табла о забрани одлагања.',
    },
    sq: {
      text: 'Deponi ilegale {at}: dikush ka shkarkuar mbeturina ndërtimi dhe goma të vjetra pranë rrugës.',
      plan: 'Inspektori komunal do ta vizitojë vendin, ndërsa largimi i mbeturinave do të organizohet gjatë javës.',
      done: 'Mbeturinat u larguan dhe në vend u vendos një tabelë që e ndalon hedhjen.',
    },
  },
  {
    cat: 'waste', where: 'any',
    sr: {
      text: 'Потребан је још један контејнер {at}, постојећи се напуни за дан.',
      plan: 'Додатни контејнер биће постављен када стигне нова испорука, најкасније до краја месеца.',
      done: 'Постављен је додатни контејнер.',
    },
    sq: {
      text: 'Nevojitet edhe një kontejner {at}, ai ekzistuesi mbushet brenda një dite.',
      plan: 'Kontejneri shtesë do të vendoset kur të arrijë furnizimi i ri, më së voni deri në fund të muajit.',
      done: 'U vendos një kontejner shtesë.',
    },
  },
  {
    cat: 'waste', where: 'town',
    sr: {
      text: 'Неко сваке вечери пали смеће у контејнеру {at}, дим улази у станове.',
      plan: 'Случај је прослеђен комуналној инспекцији, која ће појачати контролу у вечерњим сатима.',
      done: 'Оштећени контејнер је замењен, а инспекција редовно обилази локацију увече.',
    },
    sq: {
      text: 'Dikush i djeg mbeturinat në kontejnerin {at} çdo mbrëmje dhe tymi hyn në banesa.',
      plan: 'Rasti iu përcoll inspektoratit komunal, i cili do ta shtojë kontrollin në orët e mbrëmjes.',
      done: 'Kontejneri i dëmtuar u zëvendësua dhe inspektorati e viziton rregullisht vendin në mbrëmje.',
    },
  },
  {
    cat: 'waste', where: 'village',
    sr: {
      text: 'Смеће се не одвози {at} од почетка месеца, камион више не долази.',
      plan: 'Проверили смо распоред: одвоз је каснио због квара возила. Од сутра се враћа редован распоред, уторком и петком.',
      done: 'Смеће је одвезено и враћен је редован распоред.',
    },
    sq: {
      text: 'Mbeturinat nuk merren {at} që nga fillimi i muajit, kamioni nuk vjen më.',
      plan: 'E kontrolluam orarin: marrja e mbeturinave u vonua për shkak të defektit të automjetit. Nga nesër rikthehet orari i rregullt, të martën dhe të premten.',
      done: 'Mbeturinat u morën dhe orari i rregullt u rikthye.',
    },
  },
  {
    cat: 'waste', where: 'any',
    sr: {
      text: 'Корито потока {at} је пуно пластике и кеса, а кад пада киша све то иде у реку.',
      plan: 'Чишћење корита уврстићемо у наредну акцију чишћења; о датуму ћемо обавестити грађане.',
      done: 'Корито потока је очишћено у акцији јавног предузећа и волонтера.',
    },
    sq: {
      text: 'Shtrati i përroit {at} është plot plastikë dhe qese; kur bie shi, të gjitha shkojnë në lumë.',
      plan: 'Pastrimin e shtratit do ta përfshijmë në aksionin e ardhshëm të pastrimit; për datën do t’i njoftojmë qytetarët.',
      done: 'Shtrati i përroit u pastrua në aksionin e ndërmarrjes publike dhe të vullnetarëve.',
    },
  },
  // ---- parks and playgrounds ----
  {
    cat: 'green', where: 'town',
    sr: {
      text: 'Клацкалица на дечјем игралишту {at} је поломљена, вире ексери.',
      plan: 'Справа ће одмах бити ограђена и уклоњена до поправке.',
      done: 'Клацкалица је поправљена и безбедна за употребу.',
    },
    sq: {
      text: 'Luhatësja në këndin e lojërave {at} është thyer dhe i dalin gozhdat.',
      plan: 'Pajisja do të rrethohet menjëherë dhe do të hiqet deri në riparim.',
      done: 'Luhatësja u riparua dhe është e sigurt për përdorim.',
    },
  },
  {
    cat: 'green', where: 'town', season: 'summer',
    sr: {
      text: 'Трава у парку {at} није кошена цело лето, има змија и крпеља.',
      plan: 'Кошење парка уврштено је у распоред за наредну недељу.',
      done: 'Парк је покошен и очишћен.',
    },
    sq: {
      text: 'Bari në park {at} nuk është kositur gjatë gjithë verës; ka gjarpërinj dhe rriqra.',
      plan: 'Kositja e parkut është përfshirë në orarin për javën e ardhshme.',
      done: 'Parku u kosit dhe u pastrua.',
    },
  },
  {
    cat: 'green', where: 'any',
    sr: {
      text: 'Суво дрво {at} нагнуло се над тротоар и могло би да падне на пролазнике.',
      plan: 'Стручна екипа ће проценити стање стабла и, ако је потребно, уклонити га.',
      done: 'Суво стабло је уклоњено, а на његовом месту биће засађена нова садница.',
    },
    sq: {
      text: 'Një pemë e tharë {at} është përkulur mbi trotuar dhe mund të bjerë mbi kalimtarët.',
      plan: 'Ekipi profesional do ta vlerësojë gjendjen e pemës dhe, nëse nevojitet, do ta largojë.',
      done: 'Pema e tharë u largua dhe në vendin e saj do të mbillet një fidan i ri.',
    },
  },
  {
    cat: 'green', where: 'town',
    sr: {
      text: 'Клупе у парку {at} су поломљене, нема где да се седне.',
      plan: 'Замена клупа планирана је у оквиру уређења парка овог пролећа.',
      done: 'Постављене су нове клупе.',
    },
    sq: {
      text: 'Stolat në park {at} janë thyer, nuk ka ku të ulesh.',
      plan: 'Zëvendësimi i stolave është planifikuar në kuadër të rregullimit të parkut këtë pranverë.',
      done: 'U vendosën stola të rinj.',
    },
  },
  // ---- parking and traffic signs ----
  {
    cat: 'parking', where: 'any',
    sr: {
      text: 'Саобраћајни знак „Стоп” {at} је оборен и лежи поред пута.',
      plan: 'Знак ће бити враћен на место у току дана.',
      done: 'Знак је поново постављен и учвршћен.',
    },
    sq: {
      text: 'Shenja rrugore STOP {at} është rrëzuar dhe shtrihet pranë rrugës.',
      plan: 'Shenja do të rivendoset gjatë ditës.',
      done: 'Shenja u rivendos dhe u përforcua.',
    },
  },
  {
    cat: 'parking', where: 'town',
    sr: {
      text: 'Аутомобили се паркирају на тротоар {at}, па пешаци морају да ходају коловозом.',
      plan: 'Случај је прослеђен саобраћајној инспекцији; размотрићемо и постављање заштитних стубића.',
      done: 'Постављени су стубићи који спречавају паркирање на тротоару.',
    },
    sq: {
      text: 'Veturat parkohen në trotuar {at}, prandaj këmbësorët detyrohen të ecin nëpër rrugë.',
      plan: 'Rasti iu përcoll inspektoratit të trafikut; do ta shqyrtojmë edhe vendosjen e shtyllave mbrojtëse.',
      done: 'U vendosën shtylla që e pengojnë parkimin në trotuar.',
    },
  },
  {
    cat: 'parking', where: 'town',
    sr: {
      text: 'Ознаке паркинг места {at} се не виде, па свако паркира како стигне и блокирају се излази.',
      plan: 'Обележавање паркинга уврштено је у план радова на хоризонталној сигнализацији.',
      done: 'Паркинг места су поново обележена.',
    },
    sq: {
      text: 'Shenjat e vendeve të parkimit {at} nuk shihen, prandaj secili parkon si të mundet dhe bllokohen daljet.',
      plan: 'Shënimi i parkingut është përfshirë në planin e punimeve për sinjalizimin horizontal.',
      done: 'Vendet e parkimit u shënuan sërish.',
    },
  },
  {
    cat: 'parking', where: 'any',
    sr: {
      text: 'Саобраћајно огледало на непрегледној кривини {at} је разбијено.',
      plan: 'Ново огледало је наручено и биће постављено у току недеље.',
      done: 'Постављено је ново саобраћајно огледало.',
    },
    sq: {
      text: 'Pasqyra rrugore në kthesën pa dukshmëri {at} është thyer.',
      plan: 'Pasqyra e re është porositur dhe do të vendoset gjatë javës.',
      done: 'U vendos një pasqyrë e re rrugore.',
    },
  },
  // ---- other ----
  {
    cat: 'other', where: 'any',
    sr: {
      text: 'Чопор паса луталица {at} јури децу и бициклисте. Деца се плаше да иду у школу.',
      plan: 'Пријава је прослеђена служби за збрињавање животиња, која ће у наредним данима обићи локацију.',
      done: 'Служба је збринула псе са ове локације у прихватилиште.',
    },
    sq: {
      text: 'Një tufë qensh endacakë {at} i ndjek fëmijët dhe çiklistët. Fëmijët kanë frikë të shkojnë në shkollë.',
      plan: 'Raportimi iu përcoll shërbimit për kujdesin ndaj kafshëve, i cili do ta vizitojë vendin në ditët në vijim.',
      done: 'Shërbimi i strehoi qentë nga ky vend në strehimore.',
    },
  },
  {
    cat: 'other', where: 'any',
    sr: {
      text: 'Надстрешница на аутобуском стајалишту {at} нема кров, па путници стоје на киши.',
      plan: 'Поправка надстрешнице је наручена.',
      done: 'Надстрешница је поправљена и добила је нов кров.',
    },
    sq: {
      text: 'Streha në stacionin e autobusit {at} nuk ka çati, prandaj udhëtarët qëndrojnë në shi.',
      plan: 'Riparimi i strehës është porositur.',
      done: 'Streha u riparua dhe mori çati të re.',
    },
  },
  {
    cat: 'other', where: 'town',
    sr: {
      text: 'На зиду {at} исписани су графити са увредљивим порукама.',
      plan: 'Зид ће бити окречен у току недеље.',
      done: 'Графити су уклоњени и зид је окречен.',
    },
    sq: {
      text: 'Në murin {at} janë shkruar grafite me mesazhe fyese.',
      plan: 'Muri do të lyhet gjatë javës.',
      done: 'Grafitet u hoqën dhe muri u lye.',
    },
  },
  {
    cat: 'other', where: 'any',
    sr: {
      text: 'Угинула животиња лежи поред пута {at} већ два дана.',
      plan: 'Екипа јавног предузећа уклониће је данас.',
      done: 'Угинула животиња је уклоњена, а место дезинфиковано.',
    },
    sq: {
      text: 'Një kafshë e ngordhur shtrihet pranë rrugës {at} prej dy ditësh.',
      plan: 'Ekipi i ndërmarrjes publike do ta largojë sot.',
      done: 'Kafsha e ngordhur u largua dhe vendi u dezinfektua.',
    },
  },
  {
    cat: 'other', where: 'town',
    sr: {
      text: 'Музика из локала {at} трешти после поноћи радним данима, деца не могу да спавају.',
      plan: 'Комунална инспекција ће проверити радно време локала и поштовање дозвољеног нивоа буке.',
      done: 'Инспекција је изрекла меру власнику локала; радно време се сада поштује.',
    },
    sq: {
      text: 'Muzika nga lokali {at} gjëmon pas mesnatës ditëve të punës dhe fëmijët nuk mund të flenë.',
      plan: 'Inspektorati komunal do ta kontrollojë orarin e lokalit dhe respektimin e nivelit të lejuar të zhurmës.',
      done: 'Inspektorati i shqiptoi masë pronarit të lokalit; orari tani respektohet.',
    },
  },
];

/** @type {OutsideTemplate[]} Reports about things the municipality does not decide (synthetic data only). */
export const reportsOutside = [
  {
    sr: {
      text: 'Већ три дана {at} нестаје струје неколико пута дневно.',
      referral: 'Снабдевање електричном енергијом није у надлежности општине. Квар пријавите дистрибутеру електричне енергије, на број за кварове који је наведен на рачуну.',
    },
    sq: {
      text: 'Prej tri ditësh {at} ndërpritet energjia elektrike disa herë në ditë.',
      referral: 'Furnizimi me energji elektrike nuk është në kompetencë të komunës. Defektin raportojeni te distributori i energjisë elektrike, në numrin për defekte që gjendet në faturë.',
    },
  },
  {
    where: 'village',
    sr: {
      text: 'Нема мобилног сигнала {at}, не можемо да позовемо ни хитну помоћ.',
      referral: 'Покривеност мобилним сигналом зависи од оператера мобилне телефоније; обратите се свом оператеру.',
    },
    sq: {
      text: 'Nuk ka sinjal celular {at}, nuk mund ta thërrasim as ambulancën.',
      referral: 'Mbulimi me sinjal celular varet nga operatori i telefonisë mobile; drejtojuni operatorit tuaj.',
    },
  },
  {
    sr: {
      text: 'Сусед је преградио заједнички пролаз {at} и не да нам да прођемо до куће.',
      referral: 'Спорови о приватној својини и праву пролаза решавају се пред судом; општина о њима не може да одлучује.',
    },
    sq: {
      text: 'Fqinji e ka bllokuar kalimin e përbashkët {at} dhe nuk na lë të kalojmë deri te shtëpia.',
      referral: 'Mosmarrëveshjet për pronën private dhe të drejtën e kalimit zgjidhen në gjykatë; komuna nuk mund të vendosë për to.',
    },
  },
  {
    sr: {
      text: 'Интернет {at} не ради како треба већ недељу дана.',
      referral: 'Интернет услуге пружају приватни провајдери; квар пријавите свом провајдеру.',
    },
    sq: {
      text: 'Interneti {at} nuk punon si duhet prej një jave.',
      referral: 'Shërbimet e internetit i ofrojnë ofruesit privatë; defektin raportojeni te ofruesi juaj.',
    },
  },
  {
    sr: {
      text: 'Ударне рупе на магистралном путу {at} су све веће.',
      referral: 'Магистрални путеви нису у надлежности општине. Пријаву смо проследили органу надлежном за државне путеве.',
    },
    sq: {
      text: 'Gropat në rrugën magjistrale {at} po bëhen gjithnjë më të mëdha.',
      referral: 'Rrugët magjistrale nuk janë në kompetencë të komunës. Raportimin ia përcollëm organit përgjegjës për rrugët shtetërore.',
    },
  },
];

/** @type {QuestionTemplate[]} Questions to the mayor within the mayor's competence. */
export const questions = [
  {
    sr: {
      text: 'Колико места ће бити у вртићу за следећу школску годину и када почиње упис?',
      answer: 'Упис у предшколску установу почиње првог радног дана у мају и траје две недеље. За следећу годину предвиђено је 20 нових места, а детаљне информације објављујемо на огласној табли и на сајту.',
    },
    sq: {
      text: 'Sa vende do të ketë në çerdhe për vitin e ardhshëm shkollor dhe kur fillon regjistrimi?',
      answer: 'Regjistrimi në institucionin parashkollor fillon ditën e parë të punës në maj dhe zgjat dy javë. Për vitin e ardhshëm janë paraparë 20 vende të reja; informatat e hollësishme publikohen në tabelën e shpalljeve dhe në faqe.',
    },
  },
  {
    sr: {
      text: 'Да ли општина ове године додељује стипендије студентима и који су услови?',
      answer: 'Конкурс за студентске стипендије биће расписан у октобру. Право имају редовни студенти са пребивалиштем у општини и просеком оцена изнад 8,00, а социјални статус се бодује посебно.',
    },
    sq: {
      text: 'A do të ndajë komuna këtë vit bursa për studentët dhe cilat janë kushtet?',
      answer: 'Konkursi për bursat e studentëve do të shpallet në tetor. Të drejtë kanë studentët e rregullt me vendbanim në komunë dhe notë mesatare mbi 8,00, ndërsa gjendja sociale vlerësohet veçmas.',
    },
  },
  {
    where: 'village',
    sr: {
      text: 'Зашто је укинута јутарња аутобуска линија {at}? Ђаци сада касне на први час.',
      answer: 'Линија није укинута, већ је због радова на путу привремено померена на 7:10. Од следећег месеца враћа се полазак у 6:40, усклађен са почетком наставе.',
    },
    sq: {
      text: 'Pse u hoq linja e mëngjesit e autobusit {at}? Nxënësit tani vonohen në orën e parë.',
      answer: 'Linja nuk është hequr, por për shkak të punimeve në rrugë është zhvendosur përkohësisht në orën 7:10. Nga muaji i ardhshëm rikthehet nisja në orën 6:40, e përshtatur me fillimin e mësimit.',
    },
  },
  {
    sr: {
      text: 'Које документе треба да приложим уз захтев за грађевинску дозволу за породичну кућу?',
      answer: 'Уз захтев се прилажу доказ о власништву над парцелом, копија плана, идејни пројекат и доказ о уплати таксе. Списак и образац налазе се у одељку Документи, а у канцеларији за урбанизам можете добити помоћ при попуњавању.',
    },
    sq: {
      text: 'Cilat dokumente duhet t’ia bashkëngjis kërkesës për leje ndërtimi për shtëpi familjare?',
      answer: 'Kërkesës i bashkëngjiten dëshmia e pronësisë mbi parcelën, kopja e planit, projekti ideor dhe dëshmia e pagesës së taksës. Lista dhe formulari gjenden te rubrika Dokumente, ndërsa në zyrën e urbanizmit mund të merrni ndihmë për plotësimin.',
    },
  },
  {
    where: 'village',
    sr: {
      text: 'Када ће бити асфалтиран пут {at}? Обећано је још пре две године.',
      answer: 'Пут је уврштен у капиталне пројекте за следећу годину. Пројектна документација је готова, а тендер се расписује после усвајања буџета.',
    },
    sq: {
      text: 'Kur do të asfaltohet rruga {at}? Është premtuar që para dy vitesh.',
      answer: 'Rruga është përfshirë në projektet kapitale për vitin e ardhshëm. Dokumentacioni i projektit është gati, ndërsa tenderi shpallet pas miratimit të buxhetit.',
    },
  },
  {
    sr: {
      text: 'Како могу да платим порез на имовину и да ли постоји попуст ако платим одједном?',
      answer: 'Порез на имовину плаћа се у две рате, до 30. јуна и до 31. децембра, на шалтеру општине или у банци, на рачун наведен у решењу. Попуста за једнократну уплату нема, али нема ни камате ако обе рате платите на време.',
    },
    sq: {
      text: 'Si mund ta paguaj tatimin në pronë dhe a ka zbritje nëse e paguaj përnjëherë?',
      answer: 'Tatimi në pronë paguhet në dy këste, deri më 30 qershor dhe deri më 31 dhjetor, në sportelin e komunës ose në bankë, në llogarinë e shënuar në aktvendim. Zbritje për pagesë të njëhershme nuk ka, por as kamatë nëse të dy këstet i paguani me kohë.',
    },
  },
  {
    sr: {
      text: 'Да ли општина даје једнократну помоћ за новорођену децу и шта је потребно за то?',
      answer: 'Да, општина исплаћује једнократну помоћ за свако новорођено дете. Захтев се подноси одељењу за социјалну заштиту у року од шест месеци од рођења, уз извод из матичне књиге рођених и доказ о пребивалишту.',
    },
    sq: {
      text: 'A jep komuna ndihmë të njëhershme për të porsalindurit dhe çfarë nevojitet për të?',
      answer: 'Po, komuna paguan ndihmë të njëhershme për çdo fëmijë të porsalindur. Kërkesa dorëzohet në drejtorinë për mirëqenie sociale brenda gjashtë muajve nga lindja, bashkë me certifikatën e lindjes dhe dëshminë e vendbanimit.',
    },
  },
  {
    sr: {
      text: 'Када ради спортска хала и да ли рекреативци могу да изнајме термин?',
      answer: 'Хала је отворена радним данима од 8 до 22 часа. Слободни термини за рекреативце су увече после 20 часова и викендом, а закупљују се у управи хале.',
    },
    sq: {
      text: 'Kur punon salla sportive dhe a mund të marrin rekreativët një termin me qira?',
      answer: 'Salla është e hapur ditëve të punës nga ora 8 deri në 22. Terminet e lira për rekreativët janë në mbrëmje pas orës 20 dhe gjatë fundjavës, ndërsa rezervohen në administratën e sallës.',
    },
  },
  {
    sr: {
      text: 'Колико је новца у овогодишњем буџету планирано за месне заједнице и ко о томе одлучује?',
      answer: 'Буџет предвиђа посебну ставку за пројекте месних заједница. Предлоге подносе савети месних заједница до краја марта, а о расподели одлучује скупштина општине. Табела расподеле објављује се у одељку Документи.',
    },
    sq: {
      text: 'Sa para janë planifikuar në buxhetin e këtij viti për bashkësitë lokale dhe kush vendos për to?',
      answer: 'Buxheti parasheh një zë të veçantë për projektet e bashkësive lokale. Propozimet i dorëzojnë këshillat e bashkësive lokale deri në fund të marsit, ndërsa për ndarjen vendos kuvendi i komunës. Tabela e ndarjes publikohet te rubrika Dokumente.',
    },
  },
  {
    where: 'any',
    sr: {
      text: 'Да ли ће се градити ново дечје игралиште {at}?',
      answer: 'Игралиште је предложено на јавној расправи о буџету и уврштено је у план. Радови се очекују током лета, после избора извођача.',
    },
    sq: {
      text: 'A do të ndërtohet një kënd i ri lojërash për fëmijë {at}?',
      answer: 'Këndi i lojërave është propozuar në dëgjimin publik për buxhetin dhe është përfshirë në plan. Punimet pritet të fillojnë gjatë verës, pas përzgjedhjes së kontraktorit.',
    },
  },
  {
    sr: {
      text: 'Како се пријављује на конкурс за посао у општинској управи и где се објављују огласи?',
      answer: 'Сви огласи за запошљавање у општинској управи објављују се на огласној табли општине и на овом сајту, у одељку Вести. Пријаве се предају на писарници у року наведеном у огласу.',
    },
    sq: {
      text: 'Si aplikohet në konkursin për punë në administratën komunale dhe ku publikohen shpalljet?',
      answer: 'Të gjitha shpalljet për punësim në administratën komunale publikohen në tabelën e shpalljeve të komunës dhe në këtë faqe, te rubrika Lajme. Aplikacionet dorëzohen në zyrën e pranimit brenda afatit të shënuar në shpallje.',
    },
  },
  {
    sr: {
      text: 'Да ли општина субвенционише набавку садница или машина за пољопривреднике?',
      answer: 'Конкурс за субвенције у пољопривреди расписује се сваког пролећа; ове године подржава се набавка воћних садница и пластеника. Услови и образац биће објављени на сајту.',
    },
    sq: {
      text: 'A e subvencionon komuna blerjen e fidanëve ose të makinerisë për fermerët?',
      answer: 'Konkursi për subvencione në bujqësi shpallet çdo pranverë; këtë vit mbështetet blerja e fidanëve të pemëve dhe e serave. Kushtet dhe formulari do të publikohen në faqe.',
    },
  },
  {
    sr: {
      text: 'Зашто се седнице скупштине општине не преносе уживо?',
      answer: 'Од следеће седнице снимци ће бити објављивани на сајту општине, а разматрамо и пренос уживо. Седнице су јавне и грађани им могу присуствовати уз претходну најаву.',
    },
    sq: {
      text: 'Pse seancat e kuvendit të komunës nuk transmetohen drejtpërdrejt?',
      answer: 'Nga seanca e ardhshme incizimet do të publikohen në faqen e komunës, ndërsa po e shqyrtojmë edhe transmetimin drejtpërdrejt. Seancat janë publike dhe qytetarët mund të marrin pjesë me paralajmërim paraprak.',
    },
  },
  {
    where: 'any',
    sr: {
      text: 'Када ће бити поправљен кров школе {at}? Прокишњава у учионицама.',
      answer: 'Санација крова предвиђена је током летњег распуста, када нема наставе. Средства су обезбеђена у буџету.',
    },
    sq: {
      text: 'Kur do të riparohet kulmi i shkollës {at}? Pikon në klasa.',
      answer: 'Sanimi i kulmit është paraparë gjatë pushimeve verore, kur nuk ka mësim. Mjetet janë siguruar në buxhet.',
    },
  },
  {
    sr: {
      text: 'Да ли постоји организован превоз за ђаке из удаљених села до средње школе?',
      answer: 'Да. Општина финансира превоз ученика који живе више од четири километра од школе. Родитељи подносе захтев школи на почетку школске године.',
    },
    sq: {
      text: 'A ka transport të organizuar për nxënësit nga fshatrat e largëta deri te shkolla e mesme?',
      answer: 'Po. Komuna e financon transportin e nxënësve që jetojnë më larg se katër kilometra nga shkolla. Prindërit e dorëzojnë kërkesën në shkollë në fillim të vitit shkollor.',
    },
  },
  {
    sr: {
      text: 'Како да добијем дозволу за летњу башту испред кафића?',
      answer: 'Захтев за заузеће јавне површине подноси се одељењу за урбанизам, уз скицу баште и доказ о регистрацији радње. Дозвола се издаје за сезону, а такса зависи од површине.',
    },
    sq: {
      text: 'Si ta marr lejen për tarracën verore para kafenesë?',
      answer: 'Kërkesa për shfrytëzimin e hapësirës publike dorëzohet në drejtorinë e urbanizmit, bashkë me skicën e tarracës dhe dëshminë e regjistrimit të biznesit. Leja lëshohet për sezonin, ndërsa taksa varet nga sipërfaqja.',
    },
  },
  {
    sr: {
      text: 'Да ли ће бити организована стерилизација и вакцинација паса луталица?',
      answer: 'Општина ове године финансира стерилизацију и вакцинацију паса луталица у сарадњи са ветеринарском амбулантом. Власничке псе вакцинишу власници о свом трошку.',
    },
    sq: {
      text: 'A do të organizohet sterilizimi dhe vaksinimi i qenve endacakë?',
      answer: 'Këtë vit komuna e financon sterilizimin dhe vaksinimin e qenve endacakë në bashkëpunim me ambulancën veterinare. Qentë me pronar i vaksinojnë pronarët me shpenzimet e tyre.',
    },
  },
  {
    sr: {
      text: 'Када ће бити расписан конкурс за финансирање пројеката удружења грађана?',
      answer: 'Јавни позив за удружења расписује се у фебруару и траје 30 дана. Предност имају пројекти за младе, културу и социјалну заштиту.',
    },
    sq: {
      text: 'Kur do të shpallet konkursi për financimin e projekteve të shoqatave të qytetarëve?',
      answer: 'Thirrja publike për shoqatat shpallet në shkurt dhe zgjat 30 ditë. Përparësi kanë projektet për të rinjtë, kulturën dhe mbrojtjen sociale.',
    },
  },
  {
    where: 'any',
    sr: {
      text: 'Може ли општина да постави канте за смеће {at}? Сада нема ниједне.',
      answer: 'Може. Нове канте биће постављене до краја месеца, а јавно предузеће празниће их два пута недељно.',
    },
    sq: {
      text: 'A mund të vendosë komuna shporta për mbeturina {at}? Tani nuk ka asnjë.',
      answer: 'Po. Shportat e reja do të vendosen deri në fund të muajit, ndërsa ndërmarrja publike do t’i zbrazë dy herë në javë.',
    },
  },
  {
    sr: {
      text: 'Где могу да видим план капиталних инвестиција општине за следећу годину?',
      answer: 'Нацрт буџета са планом капиталних инвестиција објављен је у одељку Документи и отворен је за коментаре грађана до краја новембра.',
    },
    sq: {
      text: 'Ku mund ta shoh planin e investimeve kapitale të komunës për vitin e ardhshëm?',
      answer: 'Projektbuxheti me planin e investimeve kapitale është publikuar te rubrika Dokumente dhe është i hapur për komentet e qytetarëve deri në fund të nëntorit.',
    },
  },
  {
    from: '2020-03-10',
    sr: {
      text: 'Да ли ће општина за време епидемије организовати доставу намирница старијима који живе сами?',
      answer: 'Да. Општински штаб за ванредне ситуације организује доставу намирница и лекова грађанима старијим од 65 година који живе сами. Позовите број објављен на страници COVID-19 инфо.',
    },
    sq: {
      text: 'A do të organizojë komuna gjatë epidemisë shpërndarjen e ushqimeve për të moshuarit që jetojnë vetëm?',
      answer: 'Po. Shtabi komunal për situata emergjente organizon shpërndarjen e ushqimeve dhe të barnave për qytetarët mbi 65 vjeç që jetojnë vetëm. Telefononi numrin e publikuar në faqen COVID-19 info.',
    },
  },
  {
    where: 'village',
    sr: {
      text: 'Када ће бити уређено гробље {at}? Стазе су потпуно зарасле.',
      answer: 'Сеоска гробља уређују месне заједнице уз помоћ општине; за ово гробље обезбеђени су кошење и насипање стаза до краја месеца.',
    },
    sq: {
      text: 'Kur do të rregullohen varrezat {at}? Shtigjet janë mbuluar krejtësisht me bar.',
      answer: 'Varrezat e fshatrave i rregullojnë bashkësitë lokale me ndihmën e komunës; për këto varreza janë siguruar kositja dhe shtrimi i shtigjeve me zhavorr deri në fund të muajit.',
    },
  },
];

/** @type {OutsideTemplate[]} Questions the mayor cannot decide, with where to turn instead. */
export const questionsOutside = [
  {
    sr: {
      text: 'Када ћу моћи да извадим нову личну карту? Стара ми истиче следећег месеца.',
      referral: 'Издавање личних докумената није у надлежности председника општине. Обратите се служби надлежној за личне документе; радно време и списак потребних докумената налазе се на њеној званичној страници.',
    },
    sq: {
      text: 'Kur do të mund ta nxjerr letërnjoftimin e ri? I vjetri më skadon muajin e ardhshëm.',
      referral: 'Lëshimi i dokumenteve personale nuk është në kompetencë të kryetarit të komunës. Drejtojuni shërbimit përgjegjës për dokumentet personale; orari dhe lista e dokumenteve të nevojshme gjenden në faqen e tij zyrtare.',
    },
  },
  {
    sr: {
      text: 'Зашто нам стално нестаје струје и ко ће нам надокнадити покварене апарате?',
      referral: 'Снабдевање струјом и накнада штете не спадају у надлежност општине. Обратите се дистрибутеру електричне енергије писаним захтевом за накнаду штете, уз записник о квару.',
    },
    sq: {
      text: 'Pse na ndërpritet vazhdimisht rryma dhe kush do të na i kompensojë pajisjet e prishura?',
      referral: 'Furnizimi me rrymë dhe kompensimi i dëmit nuk janë në kompetencë të komunës. Drejtojuni distributorit të energjisë elektrike me kërkesë me shkrim për kompensim, bashkë me procesverbalin e defektit.',
    },
  },
  {
    sr: {
      text: 'Мој предмет о наслеђу чека на суду три године. Можете ли да убрзате?',
      referral: 'Председник општине не може да утиче на рад суда. О току поступка распитајте се у писарници суда који води предмет; за притужбе на дужину поступка постоји посебан правни пут.',
    },
    sq: {
      text: 'Lënda ime e trashëgimisë pret në gjykatë prej tre vjetësh. A mund ta përshpejtoni?',
      referral: 'Kryetari i komunës nuk mund të ndikojë në punën e gjykatës. Për rrjedhën e procedurës pyesni në zyrën e pranimit të gjykatës që e trajton lëndën; për ankesa për kohëzgjatjen e procedurës ekziston rrugë e veçantë juridike.',
    },
  },
  {
    sr: {
      text: 'Када ће бити повећане пензије?',
      referral: 'Висину пензија не одређује општина. За питања о пензији обратите се фонду за пензијско осигурање који вам пензију исплаћује.',
    },
    sq: {
      text: 'Kur do të rriten pensionet?',
      referral: 'Lartësinë e pensioneve nuk e përcakton komuna. Për pyetje rreth pensionit drejtojuni fondit pensional që jua paguan pensionin.',
    },
  },
  {
    sr: {
      text: 'Како да региструјем аутомобил који сам купио у иностранству?',
      referral: 'Регистрација возила није у надлежности општине. Обратите се служби надлежној за регистрацију возила, где ћете добити списак потребних докумената.',
    },
    sq: {
      text: 'Si ta regjistroj veturën që e kam blerë jashtë vendit?',
      referral: 'Regjistrimi i automjeteve nuk është në kompetencë të komunës. Drejtojuni shërbimit përgjegjës për regjistrimin e automjeteve, ku do të merrni listën e dokumenteve të nevojshme.',
    },
  },
  {
    where: 'village',
    sr: {
      text: 'Зашто је интернет {at} тако спор и може ли општина нешто да уради?',
      referral: 'Интернет мрежу граде и одржавају приватни провајдери, па се обратите свом провајдеру. Општина може да подржи захтев месне заједнице за проширење мреже.',
    },
    sq: {
      text: 'Pse interneti {at} është kaq i ngadaltë dhe a mund të bëjë komuna diçka?',
      referral: 'Rrjetin e internetit e ndërtojnë dhe e mirëmbajnë ofruesit privatë, prandaj drejtojuni ofruesit tuaj. Komuna mund ta mbështesë kërkesën e bashkësisë lokale për zgjerimin e rrjetit.',
    },
  },
  {
    sr: {
      text: 'Можете ли да ми помогнете да се упишем на факултет без пријемног испита?',
      referral: 'Упис на факултет уређују сами факултети својим правилницима. Обратите се студентској служби факултета који вас занима.',
    },
    sq: {
      text: 'A mund të më ndihmoni të regjistrohem në fakultet pa provim pranues?',
      referral: 'Regjistrimin në fakultet e rregullojnë vetë fakultetet me rregulloret e tyre. Drejtojuni shërbimit të studentëve të fakultetit që ju intereson.',
    },
  },
  {
    sr: {
      text: 'Колико ће још трајати радови на граничном прелазу и зашто се чека сатима?',
      referral: 'Гранични прелази нису у надлежности општине. Информације о радовима и чекању дају надлежне граничне службе.',
    },
    sq: {
      text: 'Sa do të zgjasin ende punimet në pikën kufitare dhe pse pritet me orë të tëra?',
      referral: 'Pikat kufitare nuk janë në kompetencë të komunës. Informata për punimet dhe pritjen japin shërbimet kufitare përgjegjëse.',
    },
  },
  {
    sr: {
      text: 'Како да добијем картицу здравственог осигурања за дете?',
      referral: 'Здравствено осигурање није у надлежности председника општине. Обратите се филијали фонда здравственог осигурања или служби у свом дому здравља.',
    },
    sq: {
      text: 'Si ta marr kartelën e sigurimit shëndetësor për fëmijën?',
      referral: 'Sigurimi shëndetësor nuk është në kompetencë të kryetarit të komunës. Drejtojuni degës së fondit të sigurimit shëndetësor ose shërbimit në qendrën tuaj shëndetësore.',
    },
  },
  {
    sr: {
      text: 'Комшија сваке ноћи после поноћи прави буку. Ко то треба да реши?',
      referral: 'Ремећење јавног реда и мира у ноћним сатима пријављује се полицији, на број 192.',
    },
    sq: {
      text: 'Fqinji bën zhurmë çdo natë pas mesnatës. Kush duhet ta zgjidhë këtë?',
      referral: 'Prishja e rendit dhe e qetësisë publike gjatë natës i raportohet policisë, në numrin 192.',
    },
  },
  {
    sr: {
      text: 'Може ли председник општине да ми обезбеди посао у државној фирми?',
      referral: 'Председник општине не запошљава у државним предузећима. Огласе објављују сама предузећа и служба за запошљавање, где се можете пријавити као незапослени.',
    },
    sq: {
      text: 'A mund të më sigurojë kryetari i komunës punë në një ndërmarrje shtetërore?',
      referral: 'Kryetari i komunës nuk punëson në ndërmarrjet shtetërore. Shpalljet i publikojnë vetë ndërmarrjet dhe zyra e punësimit, ku mund të regjistroheni si i papunë.',
    },
  },
  {
    sr: {
      text: 'Зашто ми још није стигао повраћај пореза на доходак?',
      referral: 'Порез на доходак прикупља државна пореска управа, а не општина. Обратите се пореској управи са бројем свог захтева за повраћај.',
    },
    sq: {
      text: 'Pse ende nuk më ka ardhur kthimi i tatimit në të ardhura?',
      referral: 'Tatimin në të ardhura e mbledh administrata tatimore shtetërore, jo komuna. Drejtojuni administratës tatimore me numrin e kërkesës suaj për kthim.',
    },
  },
];

/** Notes when a case is passed on to someone else (the "forwarded" outcome; synthetic data only). */
export const forwardNotes = {
  report: [
    { sr: 'Пријава је прослеђена надлежном јавном предузећу, које ће вас контактирати.', sq: 'Raportimi iu përcoll ndërmarrjes publike përgjegjëse, e cila do t’ju kontaktojë.' },
    { sr: 'Пријава је прослеђена комуналној инспекцији ради изласка на терен.', sq: 'Raportimi iu përcoll inspektoratit komunal për dalje në terren.' },
    { sr: 'Пријава је прослеђена водоводу, који одржава ову мрежу.', sq: 'Raportimi iu përcoll ujësjellësit, i cili e mirëmban këtë rrjet.' },
  ],
  question: [
    { sr: 'Питање је прослеђено надлежном одељењу општинске управе, које ће вам одговорити директно.', sq: 'Pyetja iu përcoll drejtorisë përgjegjëse të administratës komunale, e cila do t’ju përgjigjet drejtpërdrejt.' },
    { sr: 'Питање је прослеђено скупштини општине, која о томе одлучује.', sq: 'Pyetja iu përcoll kuvendit të komunës, i cili vendos për këtë.' },
  ],
};

/** The first answer to a question that needs time ("in progress"). */
export const questionAck = [
  { sr: 'Питање је прослеђено надлежном одељењу ради прикупљања података; одговор ћете добити у наредним данима.', sq: 'Pyetja iu përcoll drejtorisë përgjegjëse për mbledhjen e të dhënave; përgjigjen do ta merrni në ditët në vijim.' },
  { sr: 'Хвала на питању. Проверавамо податке и ускоро ћемо одговорити.', sq: 'Faleminderit për pyetjen. Po i verifikojmë të dhënat dhe do t’ju përgjigjemi së shpejti.' },
];

/** Openings and closings that citizens add, so that repeated texts do not look pasted. */
export const citizenFrame = {
  report: {
    open: { sr: ['', '', '', 'Добар дан. ', 'Поштовани, ', 'Поздрав. '], sq: ['', '', '', 'Përshëndetje. ', 'Të nderuar, ', 'Mirëdita. '] },
    close: { sr: ['', '', '', ' Хвала унапред.', ' Молим да се реши што пре.', ' Пријављујем већ други пут.'], sq: ['', '', '', ' Faleminderit paraprakisht.', ' Ju lutem zgjidheni sa më shpejt.', ' Po e raportoj për herë të dytë.'] },
  },
  question: {
    open: { sr: ['', '', 'Поштовани председниче, ', 'Добар дан. ', 'Поштовани, '], sq: ['', '', 'I nderuar kryetar, ', 'Përshëndetje. ', 'Të nderuar, '] },
    close: { sr: ['', '', '', ' Хвала на одговору.', ' Унапред хвала.'], sq: ['', '', '', ' Faleminderit për përgjigjen.', ' Faleminderit paraprakisht.'] },
  },
};

/** Openings staff put before a first answer. */
export const staffOpen = {
  report: { sr: ['', '', '', 'Поштовани, ', 'Хвала на пријави. '], sq: ['', '', '', 'Të nderuar, ', 'Faleminderit për raportimin. '] },
  question: { sr: ['', '', 'Поштовани, ', 'Хвала на питању. '], sq: ['', '', 'Të nderuar, ', 'Faleminderit për pyetjen. '] },
};

/** Common first names, shown on the few cases whose citizen chose to show a name. */
export const firstNames = {
  sr: ['Милан', 'Јелена', 'Марко', 'Ана', 'Никола', 'Драгана', 'Стефан', 'Милица', 'Дејан', 'Марија', 'Ненад', 'Ивана', 'Зоран', 'Снежана', 'Владимир', 'Тамара', 'Срђан', 'Јована', 'Горан', 'Сања'],
  sq: ['Arben', 'Besa', 'Driton', 'Blerta', 'Ilir', 'Fatmir', 'Mimoza', 'Agron', 'Teuta', 'Valon', 'Drita', 'Besnik', 'Arta', 'Luan', 'Shqipe'],
};
