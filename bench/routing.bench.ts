import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { CATEGORIES } from '../libs/seed/src/seed-data.js';
import {
  ROUTING_SEED_EXAMPLES,
  routeText,
  serializeModel,
  trainRoutingModel,
  type RoutingCategory,
  type RoutingModel,
  type RoutingResult,
  type TrainingExample,
} from '@app/domain';
import { deskHistory } from './routing/desk-history.js';

/**
 * The comment router measured on a held-out labelled set (bench/routing/eval-set.json, never used
 * to train or calibrate; or ROUTING_EVAL_SET=<file>, e.g. the blind sets in
 * bench/routing/): at cold start (seed examples and keywords only) and after
 * learning from 200 and 1,000 simulated triage decisions (bench/routing/desk-history.ts). Also
 * reported on 300 further simulated desk comments, the development set the router was tuned on.
 */
interface Labelled {
  text: string;
  code: string;
  lang: string;
}

// Runs as dist/bench/routing.bench.js; pure CPU, so no database, Redis or bench-support (which loads both).
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RESULTS = process.env.BENCH_RESULTS_DIR ?? join(ROOT, 'bench', 'results');

function writeResult(name: string, result: object): string {
  mkdirSync(RESULTS, { recursive: true });
  const file = join(RESULTS, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2));
  return file;
}

const evalFile = process.env.ROUTING_EVAL_SET ?? join(ROOT, 'bench', 'routing', 'eval-set.json');
const evalSet = (JSON.parse(readFileSync(evalFile, 'utf8')) as { examples: Labelled[] }).examples;
// The seeded categories, each department named after its code.
const categories: RoutingCategory[] = CATEGORIES.map((c) => ({
  code: c.code,
  departmentId: c.departmentCode,
  keywords: c.keywords,
  exclusions: c.exclusions ?? [],
}));
// The keyword lists as seeded before issue 19 (no weights, exclusions or "not an appeal" signals):
// the same normalisation and model on them show what the reviewed lists add, and measure the
// router with keywords not written by the author of the evaluation set.
const BEFORE: Record<string, string[]> = {
  land: ['жер', 'учаске', 'телім', 'кадастр', 'участок', 'участк', 'земел', 'земл', 'межев', 'ижс'],
  roads: ['жол', 'шұңқыр', 'көпір', 'автобус', 'дорог', 'асфальт', 'ям', 'мост', 'трасс', 'маршрут'],
  water: ['су', 'ауыз су', 'су құбыр', 'су мұнара', 'вод', 'водопровод', 'водоснаб', 'скважин', 'напор'],
  education: ['мектеп', 'балабақша', 'мұғалім', 'жылу', 'школ', 'гимнази', 'садик', 'детсад', 'учител', 'отоплен', 'холод'],
  health: ['аурухана', 'емхана', 'дәрі', 'жедел жәрдем', 'больниц', 'поликлиник', 'врач', 'лекарств', 'фап', 'амбулатор'],
  utilities: ['жарық', 'электр', 'газ', 'қоқыс', 'көше шам', 'свет', 'мусор', 'фонар', 'канализац'],
  social: ['жәрдемақы', 'зейнет', 'мүгедек', 'атаулы', 'көп балалы', 'пособи', 'пенси', 'инвалид', 'адресн', 'многодет'],
  agriculture: ['мал', 'егін', 'жайылым', 'ветеринар', 'арық', 'скот', 'пастбищ', 'полив', 'арык', 'урожа', 'удобрен'],
  other: [],
};
const before: RoutingCategory[] = categories.map((c) => ({ code: c.code, departmentId: c.departmentId, keywords: BEFORE[c.code] ?? [] }));
const pool = deskHistory(1_000, 2026);
const dev: Labelled[] = deskHistory(300, 7).map((e) => ({ text: e.text, code: e.categoryCode, lang: 'dev' }));

const pct = (n: number, d: number) => (d === 0 ? null : Math.round((1000 * n) / d) / 10);

function measure(set: readonly Labelled[], route: (text: string) => RoutingResult) {
  let automated = 0;
  let right = 0;
  let departmentComments = 0;
  let top1 = 0;
  let others = 0;
  let othersAutomated = 0;
  const byLang: Record<string, { n: number; top1: number; automated: number; right: number }> = {};
  for (const e of set) {
    const r = route(e.text);
    const lang = (byLang[e.lang] ??= { n: 0, top1: 0, automated: 0, right: 0 });
    lang.n++;
    if (r.certain) {
      automated++;
      lang.automated++;
      if (r.categoryCode === e.code) {
        right++;
        lang.right++;
      }
    }
    if (e.code === 'other') {
      others++;
      if (r.certain) othersAutomated++;
    } else {
      departmentComments++;
      if (r.categoryCode === e.code) {
        top1++;
        lang.top1++;
      }
    }
  }
  return {
    comments: set.length,
    coveragePct: pct(automated, set.length),
    coverageOfDepartmentCommentsPct: pct(automated, departmentComments),
    precisionPct: pct(right, automated),
    wrongAutomatic: automated - right,
    top1Pct: pct(top1, departmentComments),
    otherAutomatedPct: pct(othersAutomated, others),
    byLanguage: Object.fromEntries(
      Object.entries(byLang).map(([k, v]) => [k, { comments: v.n, automatedPct: pct(v.automated, v.n), precisionPct: pct(v.right, v.automated) }]),
    ),
  };
}

function kazakhTop1(set: readonly Labelled[], route: (text: string) => RoutingResult) {
  const kk = set.filter((e) => e.code !== 'other' && (e.lang === 'kk' || e.lang === 'kk-plain'));
  return pct(kk.filter((e) => route(e.text).categoryCode === e.code).length, kk.length);
}

function timing(model: RoutingModel, categories: readonly RoutingCategory[]) {
  const texts = evalSet.map((e) => e.text);
  for (const t of texts) routeText(t, categories, model);
  const samples: number[] = [];
  for (let t = 0; t < 5; t++) for (const text of texts) routeText(text, categories, model);
  for (let round = 0; round < 20; round++) {
    for (const t of texts) {
      const start = performance.now();
      routeText(t, categories, model);
      samples.push((performance.now() - start) * 1000);
    }
  }
  samples.sort((a, b) => a - b);
  return {
    meanMicros: Math.round(samples.reduce((a, b) => a + b, 0) / samples.length),
    medianMicros: Math.round(samples[Math.floor(samples.length / 2)]),
    p99Micros: Math.round(samples[Math.floor(samples.length * 0.99)]),
    maxMicros: Math.round(samples[samples.length - 1]),
  };
}

const stages: { name: string; examples: readonly TrainingExample[]; categories: RoutingCategory[] }[] = [
  { name: 'cold start (seed examples + keywords)', examples: ROUTING_SEED_EXAMPLES, categories },
  { name: 'after 200 triage decisions', examples: [...ROUTING_SEED_EXAMPLES, ...pool.slice(0, 200)], categories },
  { name: 'after 1,000 triage decisions', examples: [...ROUTING_SEED_EXAMPLES, ...pool], categories },
  { name: 'cold start, keyword lists as before issue 19', examples: ROUTING_SEED_EXAMPLES, categories: before },
  { name: 'after 1,000, keyword lists as before issue 19', examples: [...ROUTING_SEED_EXAMPLES, ...pool], categories: before },
];

const keywordsOnly = (text: string) => routeText(text, categories, null);
const results = [
  {
    stage: 'keywords only (no model: never automatic)',
    eval: measure(evalSet, keywordsOnly),
    kazakhTop1Pct: kazakhTop1(evalSet, keywordsOnly),
    dev: measure(dev, keywordsOnly),
  },
] as object[];
for (const stage of stages) {
  const started = performance.now();
  const model = trainRoutingModel(stage.examples, stage.categories);
  const trainMs = Math.round(performance.now() - started);
  const route = (text: string) => routeText(text, stage.categories, model);
  const row = {
    stage: stage.name,
    trainedOn: stage.examples.length,
    trainMs,
    threshold: model.threshold,
    temperature: model.temperature,
    eval: measure(evalSet, route),
    kazakhTop1Pct: kazakhTop1(evalSet, route),
    dev: measure(dev, route),
    timing: timing(model, stage.categories),
    storedKb: Math.round(JSON.stringify(serializeModel(model)).length / 1024),
  };
  results.push(row);
  console.log(
    `\n== ${row.stage}: trained on ${row.trainedOn} in ${trainMs} ms (${row.storedKb} KB stored), threshold ${row.threshold}, temperature ${row.temperature}`,
  );
  console.log(
    `eval (${row.eval.comments}): coverage ${row.eval.coveragePct}% (of department comments ${row.eval.coverageOfDepartmentCommentsPct}%), precision ${row.eval.precisionPct}% (${row.eval.wrongAutomatic} wrong), top-1 ${row.eval.top1Pct}% (Kazakh ${row.kazakhTop1Pct}%), "other" automated ${row.eval.otherAutomatedPct}%`,
  );
  console.log(`  by language: ${JSON.stringify(row.eval.byLanguage)}`);
  console.log(
    `dev  (${row.dev.comments}): coverage ${row.dev.coveragePct}%, precision ${row.dev.precisionPct}%, top-1 ${row.dev.top1Pct}%, "other" automated ${row.dev.otherAutomatedPct}%`,
  );
  console.log(
    `routing one comment: mean ${row.timing.meanMicros} µs, median ${row.timing.medianMicros} µs, p99 ${row.timing.p99Micros} µs, max ${row.timing.maxMicros} µs`,
  );
}
const first = results[0] as { eval: ReturnType<typeof measure>; kazakhTop1Pct: number | null };
console.log(`\nkeywords only: top-1 ${first.eval.top1Pct}% (Kazakh ${first.kazakhTop1Pct}%)`);
console.log(`\nresults: ${writeResult('routing', { evalSet: evalFile, results })}`);
