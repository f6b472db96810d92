import { CATEGORIES } from '../../database/src/seed/seed-data.js';
import { routeText, type RoutingCategory } from './routing.js';

// The seeded categories, with each department named after its category.
const categories: RoutingCategory[] = CATEGORIES.map((c) => ({ code: c.code, departmentId: c.departmentCode && `dept-${c.departmentCode}`, keywords: c.keywords }));
const route = (text: string) => routeText(text, categories);

describe('keyword routing', () => {
  it.each([
    ['Сәлеметсіз бе, әкім мырза! Қорағаты ауылында жер учаскелері бойынша дау әлі шешілмеді. Жер беру туралы шешім қашан шығады?', 'land', ['жер', 'учаске']],
    ['Когда отремонтируют дорогу по улице Толе би в Мерке? Ямы по колено, третий год обещают.', 'roads', ['дорог', 'ям']],
    ['Құлан ауылында ауыз су үш күннен бері жоқ. Кімге хабарласу керек? / В Кулане третий день нет питьевой воды.', 'water', ['су', 'ауыз су', 'вод']],
    ['Жаңатас қаласында көше шамдары бір айдан бері жанбайды. Кешке балалар қараңғыда жүреді.', 'utilities', ['көше шам']],
    ['Бауыржан Момышұлы ауылындағы мектепке жылу қашан беріледі? Балалар тоңып отыр.', 'education', ['мектеп', 'жылу']],
    ['Здравствуйте. Подал заявление на земельный участок под ИЖС в марте, ответа до сих пор нет.', 'land', ['участок', 'земел', 'ижс']],
    ['Добрый день! В селе Аса (Жамбылский район) уже неделю не вывозят мусор.', 'utilities', ['мусор']],
    ['Мектебіміздің шатыры ағып тұр', 'education', ['мектеп']],
    ['Есік алдындағы жарығы сөніп қалды', 'utilities', ['жарық']],
  ])('%s -> %s, certain', (text, code, matched) => {
    expect(route(text)).toEqual({ categoryCode: code, departmentId: `dept-${code === 'utilities' ? 'housing' : code}`, certain: true, matched });
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
    ['Большая яма у школы', 'roads'],
  ])('finds the word forms of "%s" (%s)', (text, code) => {
    expect(route(text).categoryCode).toBe(code);
  });

  it.each([
    'Сумма штрафа большая',
    'Суд вынес решение',
    'Решение суда не исполнено',
    'Маленький ребёнок потерялся',
    'Газета написала неправду',
    'Ямочка на щеке',
    'Жергілікті атқарушы органға алғыс айтамын',
    'Жолдасым екеуміз келдік',
    'Президенттің Жолдауын оқыдық',
    'Водитель нахамил пассажирам',
    'Бүгін күн суық',
  ])('does not route "%s" on a short stem it only shares a prefix with', (text) => {
    expect(route(text)).toEqual({ categoryCode: null, departmentId: null, certain: false, matched: [] });
  });

  it('picks the category with most keywords but leaves it uncertain when several match', () => {
    expect(route('На дороге большая яма, а воды в селе нет третий день')).toEqual({ categoryCode: 'roads', departmentId: 'dept-roads', certain: false, matched: ['дорог', 'ям'] });
  });

  it('matches a keyword of several words only on consecutive words', () => {
    const lights: RoutingCategory[] = [{ code: 'lights', departmentId: 'd', keywords: ['көше шам'] }];
    expect(routeText('Көшедегі шамдар жанбайды', lights).certain).toBe(true);
    expect(routeText('Шам көшеде жоқ', lights).categoryCode).toBeNull();
  });

  it('reads keywords and text alike: case, ё, punctuation', () => {
    const own: RoutingCategory[] = [{ code: 'trees', departmentId: 'd', keywords: ['Ёлк', 'ИЖС'] }];
    expect(routeText('ЕЛКУ на площади не поставили', own).matched).toEqual(['Ёлк']);
    expect(routeText('Участок под ИЖС-ке берілмеді', own).matched).toEqual(['ИЖС']);
  });

  it('is never certain about a category without a department', () => {
    const own: RoutingCategory[] = [{ code: 'misc', departmentId: null, keywords: ['жол'] }, { code: 'other', departmentId: null, keywords: [] }];
    expect(routeText('Жол жоқ', own)).toEqual({ categoryCode: 'misc', departmentId: null, certain: false, matched: ['жол'] });
  });

  it('routes nothing in an empty text', () => {
    expect(route('  ')).toEqual({ categoryCode: null, departmentId: null, certain: false, matched: [] });
  });
});
