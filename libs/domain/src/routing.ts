import { predictRouting, routesAlone, type RoutingModel } from './routing/model.js';
import { compileCategories, keywordHits, type RoutingCategory } from './routing/keywords.js';

export * from './routing/normalize.js';
export * from './routing/keywords.js';
export * from './routing/model.js';
export { ROUTING_SEED_EXAMPLES } from './routing/seed-examples.js';

export interface RoutingAlternative {
  categoryCode: string;
  confidence: number;
}

export interface RoutingResult {
  /** The most likely category (a category without a department means "not for a department"); null when nothing points anywhere. */
  categoryCode: string | null;
  departmentId: string | null;
  /** Calibrated: routed without the press secretary only when the model's held-out routes at this confidence were right >= 95% of the time. */
  certain: boolean;
  /** Probability that `categoryCode` is right, 0..1. */
  confidence: number;
  /** The chosen category's keywords found in the text. */
  matched: string[];
  /** The next most likely categories, most likely first. */
  alternatives: RoutingAlternative[];
}

const NOTHING: RoutingResult = { categoryCode: null, departmentId: null, certain: false, confidence: 0, matched: [], alternatives: [] };
const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Keywords only (no model yet): the category whose keywords weigh most, never certain — without a
 * calibrated model there is no confidence to trust, so a person decides.
 */
function keywordsOnly(text: string, categories: readonly RoutingCategory[]): RoutingResult {
  const hits = keywordHits(text, compileCategories(categories));
  const total = hits.scores.reduce((a, b) => a + b, 0);
  if (total === 0) return NOTHING;
  const ranked = categories
    .map((_, i) => ({ i, score: hits.scores[i] }))
    .filter((r) => r.score > 0)
    .sort((a, b) => b.score - a.score);
  const best = categories[ranked[0].i];
  return {
    categoryCode: best.code,
    departmentId: best.departmentId,
    certain: false,
    confidence: round(ranked[0].score / total),
    matched: hits.matched[ranked[0].i],
    alternatives: ranked.slice(1, 4).map((r) => ({ categoryCode: categories[r.i].code, confidence: round(r.score / total) })),
  };
}

/**
 * The category of a resident's text: keyword scores (after the categories' exclusions) and the
 * n-gram model together give a probability per category; the ticket is routed without a person only
 * when the category has a department, no "not an appeal" keyword (thanks, greetings) was found, and
 * the top probability reaches the calibrated threshold of its keyword evidence (`routesAlone`).
 */
export function routeText(text: string, categories: readonly RoutingCategory[], model: RoutingModel | null = null): RoutingResult {
  if (!model) return keywordsOnly(text, categories);
  const { probabilities, kw, isSignal, hits } = predictRouting(model, text, categories);
  const known = new Set(categories.map((c) => c.code));
  const ranked = model.classes
    .map((code, k) => ({ code, k, p: probabilities[k] }))
    .filter((r) => known.has(r.code))
    .sort((a, b) => b.p - a.p);
  if (ranked.length === 0 || hits.words.length === 0) return NOTHING;
  const top = ranked[0];
  const index = categories.findIndex((c) => c.code === top.code);
  const category = categories[index];
  return {
    categoryCode: category.code,
    departmentId: category.departmentId,
    certain: routesAlone(model, top.code, top.p, categories, kw, isSignal),
    confidence: round(top.p),
    matched: hits.matched[index],
    alternatives: ranked.slice(1, 4).map((r) => ({ categoryCode: r.code, confidence: round(r.p) })),
  };
}
