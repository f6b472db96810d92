import { compileCategories, keywordHits, type RoutingCategory } from './keywords.js';

/**
 * A small linear model over character n-grams of the folded words (which copes with two languages
 * in one sentence, typos and transliteration) plus the keyword scores of each category, trained by
 * stochastic gradient descent on softmax loss. Pure arithmetic: no download, no native code.
 */
export interface TrainingExample {
  text: string;
  /** The category a person chose; a category without a department ("other") for "not an appeal". */
  categoryCode: string;
}

export interface RoutingModel {
  classes: string[];
  /** n-gram -> one weight per class. */
  weights: Map<string, Float64Array>;
  bias: Float64Array;
  /** Weight of a department category's keyword score on its own class. */
  keywordWeight: number;
  /** Weight of a no-department category's keyword score (thanks, greetings) on its own class. */
  signalWeight: number;
  /** Softmax temperature fitted on held-out predictions, so a confidence of 0.9 is right ~9 times in 10. */
  temperature: number;
  /** The confidence from which held-out automatic routes were right at least `target` of the time. */
  threshold: number;
  /** The same, for comments whose keywords name one department only, with less weight (see `namedAlone`). */
  aloneThreshold: number;
}

/** The stored form (jsonb): n-grams and their weights as plain arrays, rounded. */
export interface RoutingModelData {
  classes: string[];
  grams: string[];
  /** grams.length x classes.length, row by row. */
  weights: number[];
  bias: number[];
  keywordWeight: number;
  signalWeight: number;
  temperature: number;
  threshold: number;
  /** Absent in models stored before it existed: those never route on it. */
  aloneThreshold?: number;
}

export interface TrainOptions {
  epochs?: number;
  /** Precision the threshold is chosen for on held-out predictions (above the 95% promised, for margin). */
  target?: number;
  /** Never automate below this confidence, however the held-out figures look. */
  minThreshold?: number;
  /** The same for comments whose keywords name one department only (`namedAlone`). */
  minAloneThreshold?: number;
  seed?: number;
}

/** n-grams of 3 and 4 letters of each folded word, with its edges, plus the word itself. */
export function textGrams(words: readonly string[]): string[] {
  const grams: string[] = [];
  for (const w of words) {
    grams.push(`w:${w}`);
    const padded = `^${w}$`;
    for (let n = 3; n <= 4; n++) for (let i = 0; i + n <= padded.length; i++) grams.push(padded.slice(i, i + n));
  }
  return grams;
}

interface Prepared {
  grams: string[];
  /** Keyword score per class (class order of the model being trained). */
  kw: Float64Array;
  label: number;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function softmax(logits: Float64Array, temperature = 1): Float64Array {
  let max = -Infinity;
  for (const l of logits) max = Math.max(max, l / temperature);
  const out = new Float64Array(logits.length);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += out[i] = Math.exp(logits[i] / temperature - max);
  for (let i = 0; i < logits.length; i++) out[i] /= sum;
  return out;
}

/** The per-class features of a text for a given class list: its n-grams, and each class's keyword score. */
function classFeatures(text: string, categories: readonly RoutingCategory[], classes: readonly string[]) {
  const hits = keywordHits(text, compileCategories(categories));
  const kw = new Float64Array(classes.length);
  const isSignal = new Uint8Array(classes.length);
  const byCode = new Map(categories.map((c, i) => [c.code, i]));
  classes.forEach((code, k) => {
    const i = byCode.get(code);
    if (i === undefined) return;
    kw[k] = hits.scores[i];
    isSignal[k] = categories[i].departmentId === null ? 1 : 0;
  });
  return { grams: textGrams(hits.words), kw, isSignal, hits };
}

function logits(model: RoutingModel, grams: readonly string[], kw: Float64Array, isSignal: Uint8Array): Float64Array {
  const k = model.classes.length;
  const out = Float64Array.from(model.bias);
  const scale = 1 / Math.sqrt(Math.max(1, grams.length));
  for (const g of grams) {
    const w = model.weights.get(g);
    if (w) for (let c = 0; c < k; c++) out[c] += w[c] * scale;
  }
  for (let c = 0; c < k; c++) out[c] += kw[c] * (isSignal[c] ? model.signalWeight : model.keywordWeight);
  return out;
}

/** Class probabilities of a text, calibrated by the model's temperature. */
export function predictRouting(model: RoutingModel, text: string, categories: readonly RoutingCategory[]) {
  const f = classFeatures(text, categories, model.classes);
  return { probabilities: softmax(logits(model, f.grams, f.kw, f.isSignal), model.temperature), ...f };
}

// Half the time an example is seen without its keyword scores, so the n-grams learn to name the
// category too: otherwise the keyword weight explains every seed example and a comment without a
// keyword is ranked on almost nothing (and "other", the seeds without keywords, comes first).
const KEYWORD_DROPOUT = 0.5;

function fit(examples: readonly Prepared[], classes: string[], isSignal: Uint8Array, epochs: number, seed: number): RoutingModel {
  const k = classes.length;
  const model: RoutingModel = {
    classes,
    weights: new Map(),
    bias: new Float64Array(k),
    keywordWeight: 1,
    signalWeight: 1,
    temperature: 1,
    threshold: 1,
    aloneThreshold: 1,
  };
  for (const e of examples) for (const g of e.grams) if (!model.weights.has(g)) model.weights.set(g, new Float64Array(k));
  const noKeywords = new Float64Array(k);
  const random = mulberry32(seed);
  const order = examples.map((_, i) => i);
  const l2 = 1e-4;
  for (let epoch = 0; epoch < epochs; epoch++) {
    const rate = 0.5 / (1 + epoch * 0.2);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const idx of order) {
      const e = examples[idx];
      const kw = random() < KEYWORD_DROPOUT ? noKeywords : e.kw;
      const p = softmax(logits(model, e.grams, kw, isSignal));
      const scale = 1 / Math.sqrt(Math.max(1, e.grams.length));
      let gKw = 0;
      let gSignal = 0;
      for (let c = 0; c < k; c++) {
        const err = p[c] - (c === e.label ? 1 : 0);
        model.bias[c] -= rate * err * 0.1;
        if (isSignal[c]) gSignal += err * kw[c];
        else gKw += err * kw[c];
      }
      for (const g of e.grams) {
        const w = model.weights.get(g)!;
        for (let c = 0; c < k; c++) w[c] -= rate * ((p[c] - (c === e.label ? 1 : 0)) * scale + l2 * w[c]);
      }
      model.keywordWeight -= rate * 0.2 * gKw;
      model.signalWeight -= rate * 0.2 * gSignal;
    }
  }
  return model;
}

export interface HeldOutPrediction {
  label: string;
  predicted: string;
  confidence: number;
  /** The predicted class has a department and no "not an appeal" keyword was found. */
  automatable: boolean;
}

function prepare(
  examples: readonly TrainingExample[],
  categories: readonly RoutingCategory[],
  classes: string[],
): { prepared: Prepared[]; isSignal: Uint8Array } {
  let isSignal = new Uint8Array(classes.length);
  const prepared = examples.map((e) => {
    const f = classFeatures(e.text, categories, classes);
    isSignal = f.isSignal;
    return { grams: f.grams, kw: f.kw, label: classes.indexOf(e.categoryCode) };
  });
  return { prepared, isSignal };
}

function classesOf(examples: readonly TrainingExample[], categories: readonly RoutingCategory[]): string[] {
  return [...new Set([...categories.map((c) => c.code), ...examples.map((e) => e.categoryCode)])].sort();
}

/**
 * Keyword weight a category needs in the text before the model may route to it alone: one keyword that is
 * rarely something else (weight 0.7 or more), or two weaker ones (жер*0.5 + учаске*0.5).
 */
export const KEYWORD_SUPPORT = 0.7;

/** Keyword weight enough when no other department is named at all: one word that is often something else (жер*0.5). */
export const ALONE_SUPPORT = 0.5;

/**
 * The keyword evidence for a department's category: its own keywords' weight and all other
 * departments' together; null for a category without a department, or when a "not an appeal"
 * keyword (thanks, greetings, a sale listing) is in the text.
 */
function evidence(
  code: string,
  classes: readonly string[],
  categories: readonly RoutingCategory[],
  kw: Float64Array,
  isSignal: Uint8Array,
): { own: number; others: number } | null {
  const category = categories.find((c) => c.code === code);
  if (!category || category.departmentId === null) return null;
  let others = 0;
  for (let c = 0; c < kw.length; c++) {
    if (isSignal[c] && kw[c] > 0) return null;
    if (classes[c] !== code) others += kw[c];
  }
  return { own: kw[classes.indexOf(code)], others };
}

/**
 * Whether a prediction may be routed without a person at the model's `threshold`: a department's
 * category, named by its own keywords (the model alone never routes: what it learnt from the desk may
 * not hold for a new kind of comment), no "not an appeal" signal, and the evidence agreeing: the
 * category's keywords weigh more than twice all other departments' keywords together. A word of
 * another topic is often a side mention ("the children walk to school along this road", "a bridge
 * over the irrigation ditch"), so a comment naming two topics goes to a person.
 */
export function automatable(code: string, classes: readonly string[], categories: readonly RoutingCategory[], kw: Float64Array, isSignal: Uint8Array): boolean {
  const e = evidence(code, classes, categories, kw, isSignal);
  return e !== null && e.own >= KEYWORD_SUPPORT && e.others < e.own / 2;
}

/**
 * Whether a prediction may be routed without a person at the model's `aloneThreshold`: the same, but
 * the keywords name this department only, maybe with a single word that is often something else
 * ("жер кезегі" — жер is also "place"); the model, which read the whole text, co-decides.
 */
export function namedAlone(code: string, classes: readonly string[], categories: readonly RoutingCategory[], kw: Float64Array, isSignal: Uint8Array): boolean {
  const e = evidence(code, classes, categories, kw, isSignal);
  return e !== null && e.own >= ALONE_SUPPORT && e.others === 0;
}

/** Whether a prediction with this confidence is routed without a person. */
export function routesAlone(
  model: RoutingModel,
  code: string,
  confidence: number,
  categories: readonly RoutingCategory[],
  kw: Float64Array,
  isSignal: Uint8Array,
): boolean {
  return (
    (confidence >= model.threshold && automatable(code, model.classes, categories, kw, isSignal)) ||
    (confidence >= model.aloneThreshold && namedAlone(code, model.classes, categories, kw, isSignal))
  );
}

/**
 * Trains on the examples, then calibrates: 5-fold cross-validation gives a held-out prediction for
 * every example; the temperature that best fits them turns scores into probabilities, and the
 * threshold is the lowest confidence from which held-out automatic routes were right `target` of the time.
 */
export function trainRoutingModel(examples: readonly TrainingExample[], categories: readonly RoutingCategory[], options: TrainOptions = {}): RoutingModel {
  const steps = trainingSteps(examples, categories, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** The same training, giving the event loop a turn after each of its six fits (a worker keeps renewing its job's lock). */
export async function trainRoutingModelAsync(
  examples: readonly TrainingExample[],
  categories: readonly RoutingCategory[],
  options: TrainOptions = {},
): Promise<RoutingModel> {
  const steps = trainingSteps(examples, categories, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

function* trainingSteps(examples: readonly TrainingExample[], categories: readonly RoutingCategory[], options: TrainOptions): Generator<void, RoutingModel> {
  const epochs = options.epochs ?? 12;
  const seed = options.seed ?? 19;
  const classes = classesOf(examples, categories);
  const { prepared, isSignal } = prepare(examples, categories, classes);
  const folds = 5;
  const heldOut: { logits: Float64Array; label: number; kw: Float64Array }[] = [];
  for (let f = 0; f < folds; f++) {
    const train = prepared.filter((_, i) => i % folds !== f);
    const test = prepared.filter((_, i) => i % folds === f);
    const m = fit(train, classes, isSignal, epochs, seed + f);
    for (const e of test) heldOut.push({ logits: logits(m, e.grams, e.kw, isSignal), label: e.label, kw: e.kw });
    yield;
  }
  const model = fit(prepared, classes, isSignal, epochs, seed);
  model.temperature = fitTemperature(heldOut);
  const predictions = heldOut.map((h) => {
    const p = softmax(h.logits, model.temperature);
    let top = 0;
    for (let c = 1; c < p.length; c++) if (p[c] > p[top]) top = c;
    return {
      label: classes[h.label],
      predicted: classes[top],
      confidence: p[top],
      automatable: automatable(classes[top], classes, categories, h.kw, isSignal),
      alone: namedAlone(classes[top], classes, categories, h.kw, isSignal),
    };
  });
  const target = options.target ?? 0.97;
  model.threshold = chooseThreshold(predictions, target, options.minThreshold ?? 0.8);
  model.aloneThreshold = chooseThreshold(
    predictions.map((p) => ({ ...p, automatable: p.alone })),
    target,
    options.minAloneThreshold ?? 0.7,
  );
  return model;
}

// Never below 1: held-out folds of the training data are easier than a new comment (on the seed examples
// alone they fitted 0.3, and a blind set's suggestions at 0.95–0.999 were then right 6 times in 10), so
// the fit may soften the model's probabilities but never sharpen them.
function fitTemperature(heldOut: readonly { logits: Float64Array; label: number }[]): number {
  let best = 1;
  let bestLoss = Infinity;
  for (let t = 1; t <= 4; t += 0.05) {
    let loss = 0;
    for (const h of heldOut) loss -= Math.log(Math.max(1e-12, softmax(h.logits, t)[h.label]));
    if (loss < bestLoss) {
      bestLoss = loss;
      best = t;
    }
  }
  return Math.round(best * 100) / 100;
}

/**
 * The lowest confidence such that held-out predictions at or above it, among those that would be
 * routed automatically, were right at least `target` of the time; 1 (never) if none qualifies.
 */
export function chooseThreshold(predictions: readonly HeldOutPrediction[], target: number, minThreshold: number): number {
  const auto = predictions.filter((p) => p.automatable).sort((a, b) => b.confidence - a.confidence);
  let right = 0;
  let best = 1;
  for (let i = 0; i < auto.length; i++) {
    if (auto[i].label === auto[i].predicted) right++;
    const next = auto[i + 1];
    // Only between distinct confidences: a threshold cannot split equal scores.
    if (next && next.confidence === auto[i].confidence) continue;
    if (right / (i + 1) >= target) best = auto[i].confidence;
  }
  return Math.max(minThreshold, Math.min(1, best));
}

export function serializeModel(model: RoutingModel): RoutingModelData {
  const grams: string[] = [];
  const weights: number[] = [];
  const round = (x: number) => Math.round(x * 1e4) / 1e4;
  for (const [g, w] of model.weights) {
    // Weights this small change no decision; dropping them keeps the stored model small.
    if (w.every((x) => Math.abs(x) < 1e-3)) continue;
    grams.push(g);
    for (const x of w) weights.push(round(x));
  }
  return {
    classes: model.classes,
    grams,
    weights,
    bias: [...model.bias].map(round),
    keywordWeight: round(model.keywordWeight),
    signalWeight: round(model.signalWeight),
    temperature: model.temperature,
    threshold: model.threshold,
    aloneThreshold: model.aloneThreshold,
  };
}

export function deserializeModel(data: RoutingModelData): RoutingModel {
  const k = data.classes.length;
  const weights = new Map<string, Float64Array>();
  data.grams.forEach((g, i) => weights.set(g, Float64Array.from(data.weights.slice(i * k, (i + 1) * k))));
  return {
    classes: [...data.classes],
    weights,
    bias: Float64Array.from(data.bias),
    keywordWeight: data.keywordWeight,
    signalWeight: data.signalWeight,
    temperature: data.temperature,
    threshold: data.threshold,
    aloneThreshold: data.aloneThreshold ?? 1,
  };
}
