import { CATEGORIES } from '../../seed/src/seed-data.js';
import { ROUTING_SEED_EXAMPLES, routeText, trainRoutingModel, type RoutingCategory, type RoutingModel } from './routing.js';

// The seeded categories, with each department named after its category.
const categories: RoutingCategory[] = CATEGORIES.map((c) => ({
  code: c.code,
  departmentId: c.departmentCode && `dept-${c.departmentCode}`,
  keywords: c.keywords,
  exclusions: c.exclusions,
}));
let model: RoutingModel;
beforeAll(() => {
  model = trainRoutingModel(ROUTING_SEED_EXAMPLES, categories);
});
const route = (text: string) => routeText(text, categories, model);

describe('routing a comment (seeded keywords, cold-start model)', () => {
  it.each([
    [
      'Сәлеметсіз бе, әкім мырза! Қорағаты ауылында жер учаскелері бойынша дау әлі шешілмеді. Жер беру туралы шешім қашан шығады?',
      'land',
      ['жер*0.5', 'жер учаске', 'жер беру', 'учаске*0.5'],
    ],
    ['Когда отремонтируют дорогу по улице Толе би в Мерке? Ямы по колено, третий год обещают.', 'roads', ['дорог', 'ям']],
    [
      'Құлан ауылында ауыз су үш күннен бері жоқ. Кімге хабарласу керек? / В Кулане третий день нет питьевой воды.',
      'water',
      ['су', 'ауыз су', 'вод', 'питьев'],
    ],
    ['Жаңатас қаласында көше шамдары бір айдан бері жанбайды. Кешке балалар қараңғыда жүреді.', 'utilities', ['көше шам']],
    ['Здравствуйте. Подал заявление на земельный участок под ИЖС в марте, ответа до сих пор нет.', 'land', ['участок', 'земел', 'ижс']],
    ['Добрый день! В селе Аса (Жамбылский район) уже неделю не вывозят мусор.', 'utilities', ['мусор']],
    ['Бауыржан Момышұлы ауылындағы мектепке жылу қашан беріледі? Балалар тоңып отыр.', 'education', ['мектеп']],
    ['Мектебіміздің шатыры ағып тұр', 'education', ['мектеп']],
  ])('%s -> %s, certain', (text, code, matched) => {
    const r = route(text);
    expect(r).toMatchObject({ categoryCode: code, departmentId: `dept-${code === 'utilities' ? 'housing' : code}`, certain: true, matched });
    expect(r.confidence).toBeGreaterThanOrEqual(model.threshold);
  });

  it.each([
    ['Біздің жерді басып алды', 'land'],
    ['Жер учаскесі берілмеді', 'land'],
    ['Учаскелері әлі бөлінбеді', 'land'],
    ['Границы участка не согласованы', 'land'],
    ['Жерлерімізді қайтарыңыз', 'land'],
    ['Отремонтируйте дорогу', 'roads'],
    ['Жолдар бұзылған', 'roads'],
    ['Жолдың жағдайы нашар', 'roads'],
    ['Жолға асфальт керек', 'roads'],
    ['Нет воды', 'water'],
    ['Ауылдың суы ішуге жарамсыз', 'water'],
    ['Ауыл сусыз қалды', 'water'],
    ['Суға кезекке тұрамыз', 'water'],
    ['Малдарымызға жайылым жетпейді', 'agriculture'],
    ['ФАП-қа дәрігер келмейді', 'health'],
    ['Газды қашан қосады?', 'utilities'],
    // жарық alone ("light", also "bright") weighs 0.7: enough to route alone only when the model is confident too.
    ['Есік алдындағы жарығы сөніп қалды', 'utilities'],
  ])('suggests the category of "%s" (%s)', (text, code) => {
    expect(route(text).categoryCode).toBe(code);
  });

  it.each([
    ['жер учаскеси берилмей жатыр', 'land'],
    ['ауылда ауыз су жок', 'water'],
    ['коше шамдары жанбайды', 'utilities'],
    ['мектепте мугалим жок', 'education'],
    ['jer uchaskesi berilmedi', 'land'],
    ['vody net v sele', 'water'],
  ])('reads Kazakh typed without its letters and Latin script: "%s" -> %s', (text, code) => {
    expect(route(text)).toMatchObject({ categoryCode: code, certain: true });
  });

  it.each([
    'Сумма штрафа большая',
    'Суд вынес решение',
    'Решение суда не исполнено',
    'Маленький ребёнок потерялся',
    'Газета написала неправду',
    'Ямочка на щеке',
    'Жолдасым екеуміз келдік',
    'Президенттің Жолдауын оқыдық',
    'Водитель нахамил пассажирам',
    'Бүгін күн суық',
  ])('finds no keyword in "%s", which only shares a prefix with one, and routes nothing', (text) => {
    expect(route(text)).toMatchObject({ certain: false, matched: [] });
  });

  it.each([
    ['бұл жолы жиналыс жақсы өтті', 'roads'],
    ['заң жолымен шешеміз', 'roads'],
    ['осы жерде тұрамыз', 'land'],
    ['учаскелік полицей келмейді', 'land'],
    ['светлана ивановна', 'utilities'],
  ])('an exclusion takes the ambiguous word of "%s" away from %s', (text, code) => {
    const r = route(text);
    expect(r.certain).toBe(false);
    expect(r.categoryCode === code && r.matched.length > 0).toBe(false);
  });

  it.each([
    'Жергілікті атқарушы органға алғыс айтамын',
    'рахмет әкім мырза жолды жасап бердіңіз',
    'спасибо за дорогу',
    'поздравляю с праздником',
    'участковый не реагирует на жалобы',
    // A sale listing names amenities, not a complaint.
    'Сатамын үй, газ, су бар, хабарласыңыз',
    'Продам участок 10 соток, вода и свет рядом',
  ])('never automates "%s": a "not an appeal" signal, whatever else it names', (text) => {
    expect(route(text).certain).toBe(false);
  });

  it.each([
    ['Бақшамызды суаратын су келмей жатыр', 'agriculture'],
    ['Огородқа су жетпейді, помидор қурап қалды', 'agriculture'],
    ['Поливной воды нет вторую неделю', 'agriculture'],
    ['Канализациядан ағынды су көшеге ағып жатыр', 'utilities'],
    ['Из септика на улицу течёт, вода стоит во дворе', 'utilities'],
  ])('reads су and вода by the rest of the comment: "%s" is for %s, not drinking water', (text, code) => {
    const r = route(text);
    expect(r.categoryCode).toBe(code);
    expect(r.matched).not.toContain('су');
  });

  it.each([
    // A side word of another topic (where the children walk, who suffers) is no agreement.
    'Мектеп жанындағы көпір құлап жатыр',
    'Больница далеко, дорога разбита',
    'Остановку перенесли, пенсионерам далеко ходить',
  ])('leaves "%s", which names two departments\' topics, to a person', (text) => {
    expect(route(text).certain).toBe(false);
  });

  it('home heating goes to the housing department, a cold school to education', () => {
    expect(route('в квартире отопления нет батареи холодные')).toMatchObject({ categoryCode: 'utilities' });
    expect(route('мектепте жылу жоқ балалар тоңып отыр')).toMatchObject({ categoryCode: 'education' });
  });

  it('leaves a tie of keywords (a pothole by a school) to a person, with both categories ranked', () => {
    const r = route('Большая яма у школы');
    expect(r.certain).toBe(false);
    expect([r.categoryCode, r.alternatives[0].categoryCode].sort()).toEqual(['education', 'roads']);
  });

  it('ranks alternatives after the choice, most likely first, with calibrated confidences', () => {
    const r = route('На дороге большая яма, а воды в селе нет третий день');
    expect(['roads', 'water']).toContain(r.categoryCode);
    expect(r.alternatives.length).toBeGreaterThan(0);
    expect(r.alternatives[0].confidence).toBeLessThanOrEqual(r.confidence);
    expect(r.confidence + r.alternatives.reduce((a, b) => a + b.confidence, 0)).toBeLessThanOrEqual(1.001);
  });

  it('is never certain about a category without a department', () => {
    const own: RoutingCategory[] = [
      { code: 'misc', departmentId: null, keywords: ['жол'] },
      { code: 'other', departmentId: null, keywords: [] },
    ];
    const m = trainRoutingModel([{ text: 'жол жоқ', categoryCode: 'misc' }], own);
    expect(routeText('Жол жоқ', own, m)).toMatchObject({ categoryCode: 'misc', departmentId: null, certain: false });
  });

  it('routes nothing in an empty text', () => {
    expect(route('  ')).toEqual({ categoryCode: null, departmentId: null, certain: false, confidence: 0, matched: [], alternatives: [] });
  });
});

describe('keywords alone (no model yet)', () => {
  it('suggests the category whose keywords weigh most, and is never certain', () => {
    expect(routeText('Жер учаскесі берілмеді', categories)).toMatchObject({
      categoryCode: 'land',
      certain: false,
      matched: ['жер*0.5', 'жер учаске', 'учаске*0.5'],
    });
  });

  it('matches a keyword of several words only on consecutive words', () => {
    const lights: RoutingCategory[] = [{ code: 'lights', departmentId: 'd', keywords: ['көше шам'] }];
    expect(routeText('Көшедегі шамдар жанбайды', lights).matched).toEqual(['көше шам']);
    expect(routeText('Шам көшеде жоқ', lights).categoryCode).toBeNull();
  });

  it('reads keywords and text alike: case, ё, punctuation, Kazakh letters or not', () => {
    const own: RoutingCategory[] = [{ code: 'trees', departmentId: 'd', keywords: ['Ёлк', 'ИЖС', 'жарық'] }];
    expect(routeText('ЕЛКУ на площади не поставили', own).matched).toEqual(['Ёлк']);
    expect(routeText('Участок под ИЖС-ке берілмеді', own).matched).toEqual(['ИЖС']);
    expect(routeText('жарыгы жок', own).matched).toEqual(['жарық']);
  });

  it('finds Russian stem alternations and compounds', () => {
    const own: RoutingCategory[] = [
      { code: 'roads', departmentId: 'r', keywords: ['дорог', 'участок'] },
      { code: 'agriculture', departmentId: 'a', keywords: ['мал', 'вод'] },
      { code: 'health', departmentId: 'h', keywords: ['дәрігер', 'канал'] },
    ];
    // г/ж alternation (дорожный), a fleeting vowel (участка).
    expect(routeText('дорожный знак упал', own).matched).toEqual(['дорог']);
    expect(routeText('границы участка', own).matched).toEqual(['участок']);
    // A short stem, maybe a linking vowel, then another keyword: мал+дәрігер, вод+о+канал.
    expect(routeText('малдәрігер келмейді', own).matched).toEqual(['мал']);
    expect(routeText('водоканал не отвечает', own).matched).toEqual(['вод']);
    // Not a compound: a short stem followed by an unrelated word.
    expect(routeText('маленький', own).categoryCode).toBeNull();
  });

  it('weighs a keyword by its *weight and drops the words of an exclusion', () => {
    const own: RoutingCategory[] = [
      { code: 'roads', departmentId: 'r', keywords: ['жол*0.5'], exclusions: ['бұл жолы'] },
      { code: 'buses', departmentId: 'b', keywords: ['автобус'] },
    ];
    expect(routeText('жол жоқ автобус жоқ', own)).toMatchObject({ categoryCode: 'buses', confidence: 0.667 });
    expect(routeText('бұл жолы да жоқ', own).categoryCode).toBeNull();
  });

  it('applies an exclusion with "…" only when the comment also names one of the words after it', () => {
    const own: RoutingCategory[] = [{ code: 'water', departmentId: 'w', keywords: ['су'], exclusions: ['су … бақша|огород'] }];
    expect(routeText('су жоқ', own).matched).toEqual(['су']);
    expect(routeText('су жоқ, бақшамыз қурап қалды', own).categoryCode).toBeNull();
    expect(routeText('огородқа су бермейді', own).categoryCode).toBeNull();
  });

  it('reads Kazakh endings in a text where no word tells the language', () => {
    const own: RoutingCategory[] = [{ code: 'land', departmentId: 'l', keywords: ['жер'] }];
    // No Kazakh letter, no frequent word: neither Kazakh nor Russian endings may be ruled out.
    expect(routeText('корши жеримизге коймасын салып алды', own).matched).toEqual(['жер']);
  });

  it('counts keywords that read the same once (арық and арык)', () => {
    const own: RoutingCategory[] = [
      { code: 'ditches', departmentId: 'd', keywords: ['арық', 'арык', 'полив'] },
      { code: 'bridges', departmentId: 'b', keywords: ['мост*2'] },
    ];
    expect(routeText('арык забился, полива нет, мост', own)).toMatchObject({ categoryCode: 'ditches', confidence: 0.5, matched: ['арық', 'полив'] });
  });
});
