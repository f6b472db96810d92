import { routeText } from '../routing.js';
import type { RoutingCategory } from './keywords.js';
import {
  chooseThreshold,
  deserializeModel,
  predictRouting,
  serializeModel,
  textGrams,
  trainRoutingModel,
  trainRoutingModelAsync,
  type HeldOutPrediction,
  type TrainingExample,
} from './model.js';

const categories: RoutingCategory[] = [
  { code: 'roads', departmentId: 'r', keywords: ['жол*0.5', 'дорог', 'автобус'] },
  { code: 'water', departmentId: 'w', keywords: ['су', 'вод'] },
  { code: 'other', departmentId: null, keywords: ['рахмет', 'спасибо'] },
];

// Texts where the keywords say little: what the model must learn from the n-grams.
const examples: TrainingExample[] = [];
for (let i = 0; i < 12; i++) {
  examples.push({ text: `шұңқыр көп ${i} көшеде`, categoryCode: 'roads' }, { text: `разбитый асфальт ${i} ямы`, categoryCode: 'roads' });
  examples.push({ text: `кран құрғақ ${i} мұнара бұзылды`, categoryCode: 'water' }, { text: `скважина сломалась ${i} кран сухой`, categoryCode: 'water' });
  examples.push({ text: `керемет жұмыс ${i}`, categoryCode: 'other' }, { text: `с праздником земляки ${i}`, categoryCode: 'other' });
}

describe('the n-gram model', () => {
  it('takes 3- and 4-letter n-grams of each word with its edges, and the word', () => {
    expect(textGrams(['жол'])).toEqual(['w:жол', '^жо', 'жол', 'ол$', '^жол', 'жол$']);
  });

  it('learns categories from texts without keywords, typos and plain-keyboard spelling included', () => {
    const model = trainRoutingModel(examples, categories);
    expect(routeText('шункыр коп', categories, model).categoryCode).toBe('roads');
    expect(routeText('скважина сломалсь', categories, model).categoryCode).toBe('water');
    expect(routeText('с праздником', categories, model).categoryCode).toBe('other');
  });

  it('is deterministic and survives storage: the same text, the same probabilities', async () => {
    const a = trainRoutingModel(examples, categories);
    expect(serializeModel(await trainRoutingModelAsync(examples, categories))).toEqual(serializeModel(a));
    const b = deserializeModel(JSON.parse(JSON.stringify(serializeModel(a))));
    expect(serializeModel(trainRoutingModel(examples, categories))).toEqual(serializeModel(a));
    const pa = predictRouting(a, 'кран құрғақ', categories).probabilities;
    const pb = predictRouting(b, 'кран құрғақ', categories).probabilities;
    pa.forEach((p, i) => expect(pb[i]).toBeCloseTo(p, 3));
    expect(b.threshold).toBe(a.threshold);
    expect(b.aloneThreshold).toBe(a.aloneThreshold);
  });

  it('routes alone only with keyword support, a department and no "not an appeal" signal', () => {
    const model = { ...trainRoutingModel(examples, categories), threshold: 0.5 };
    // The model is sure, but no keyword names the category: a person decides.
    expect(routeText('скважина сломалась кран сухой', categories, model)).toMatchObject({ categoryCode: 'water', certain: false });
    expect(routeText('скважина сломалась воды нет', categories, model)).toMatchObject({ categoryCode: 'water', certain: true });
    // жол weighs half: alone it is not enough.
    expect(routeText('жол жоқ шұңқыр көп', categories, model)).toMatchObject({ categoryCode: 'roads', certain: false });
    expect(routeText('дорога разбита ямы', categories, model)).toMatchObject({ categoryCode: 'roads', certain: true });
    expect(routeText('рахмет дорога разбита ямы', categories, model).certain).toBe(false);
  });

  it('routes alone only when the evidence agrees: the category outweighs twice all the others', () => {
    const model = { ...trainRoutingModel(examples, categories), threshold: 0.5 };
    // A road and water named alike: a person decides, both ranked.
    const both = routeText('дорога разбита воды нет', categories, model);
    expect(both.certain).toBe(false);
    expect([both.categoryCode, both.alternatives[0].categoryCode].sort()).toEqual(['roads', 'water']);
    // Two road keywords and a half-weight side word of another topic would pass; one against one would not.
    const own: RoutingCategory[] = [...categories, { code: 'schools', departmentId: 's', keywords: ['мектеп*0.5'] }];
    const m = { ...trainRoutingModel(examples, own), threshold: 0.5 };
    expect(routeText('дорога разбита автобус не ходит к мектепке', own, m)).toMatchObject({ categoryCode: 'roads', certain: true });
    expect(routeText('мектепке дейін автобус жоқ', own, m).certain).toBe(false);
  });

  it('routes alone on a weaker keyword when it names one department only and the model is confident', () => {
    const model = { ...trainRoutingModel(examples, categories), threshold: 0.99, aloneThreshold: 0.5 };
    // жол weighs half, no other department is named: the model co-decides.
    expect(routeText('жол жоқ шұңқыр көп', categories, model)).toMatchObject({ categoryCode: 'roads', certain: true });
    // Another department named, or a thanks: a person decides.
    expect(routeText('жол жоқ шұңқыр көп су жоқ', categories, model).certain).toBe(false);
    expect(routeText('рахмет жол жоқ шұңқыр көп', categories, model).certain).toBe(false);
    expect(routeText('жол жоқ шұңқыр көп', categories, { ...model, aloneThreshold: 1 }).certain).toBe(false);
  });

  it('calibrates both thresholds on held-out predictions, never below their floors; models stored before never route on the second', () => {
    const model = trainRoutingModel(examples, categories, { minThreshold: 0.8, minAloneThreshold: 0.7 });
    expect(model.threshold).toBeGreaterThanOrEqual(0.8);
    expect(model.aloneThreshold).toBeGreaterThanOrEqual(0.7);
    const { aloneThreshold: _, ...older } = serializeModel(model);
    expect(deserializeModel(older).aloneThreshold).toBe(1);
  });

  it('never sharpens its probabilities beyond what the model learnt', () => {
    expect(trainRoutingModel(examples, categories).temperature).toBeGreaterThanOrEqual(1);
  });
});

describe('the calibrated decision rule', () => {
  const p = (confidence: number, right: boolean, automatable = true): HeldOutPrediction => ({
    label: 'a',
    predicted: right ? 'a' : 'b',
    confidence,
    automatable,
  });

  it('takes the lowest confidence from which held-out automatic routes were right often enough', () => {
    const predictions = [p(0.99, true), p(0.98, true), p(0.97, true), p(0.95, true), p(0.9, false), p(0.85, true), p(0.8, true), p(0.7, false)];
    // At >= 0.95: 4 of 4 right; at >= 0.8: 6 of 7 (86%); at >= 0.7: 6 of 8.
    expect(chooseThreshold(predictions, 0.95, 0.5)).toBe(0.95);
    expect(chooseThreshold(predictions, 0.85, 0.5)).toBe(0.8);
  });

  it('never goes below the floor, never splits equal confidences, and ignores what would not be automated anyway', () => {
    expect(chooseThreshold([p(0.6, true), p(0.55, true)], 0.95, 0.8)).toBe(0.8);
    expect(chooseThreshold([p(0.9, true), p(0.9, false), p(0.9, true)], 0.95, 0.5)).toBe(1);
    expect(chooseThreshold([p(0.9, true), p(0.95, false, false)], 0.95, 0.5)).toBe(0.9);
    expect(chooseThreshold([], 0.95, 0.8)).toBe(1);
  });
});
