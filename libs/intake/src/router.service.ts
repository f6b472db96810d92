import { Injectable, Logger } from '@nestjs/common';
import { IntakeRepository, RoutingRepository, type RoutingModelSummary } from '@app/database';
import {
  ROUTING_SEED_EXAMPLES,
  deserializeModel,
  routeText,
  serializeModel,
  trainRoutingModelAsync,
  type RoutingCategory,
  type RoutingModel,
  type RoutingResult,
  type TrainingExample,
} from '@app/domain';

/** The desk's most recent decisions a retraining reads (older ones say less about today's comments). */
const DECISIONS = 2_000;
/** Share of the most recent decisions held out to measure a new model before it is trained on everything. */
const HELD_OUT = 0.2;
/** Fewer held-out decisions than this measure nothing worth showing. */
const MIN_MEASURED = 20;

const signature = (categories: readonly RoutingCategory[]) =>
  JSON.stringify(categories.map((c) => [c.code, c.departmentId, c.keywords, c.exclusions ?? []]).sort());

/**
 * The comment router with its model: the newest trained version stored in PostgreSQL, or, before
 * any training, one trained in memory on the seed examples and the categories' keywords (cold start).
 */
@Injectable()
export class RouterService {
  private readonly logger = new Logger(RouterService.name);
  private stored: { version: number; model: RoutingModel } | null = null;
  private coldStart: { signature: string; model: RoutingModel } | null = null;

  constructor(
    private readonly routing: RoutingRepository,
    private readonly intake: IntakeRepository,
  ) {}

  /** The model to route with now: one cheap version read, the weights parsed again only when they changed. */
  async model(categories: readonly RoutingCategory[]): Promise<RoutingModel> {
    const version = await this.routing.latestVersion();
    if (version !== null) {
      if (this.stored?.version !== version) {
        const data = await this.routing.model(version);
        if (data) this.stored = { version, model: deserializeModel(data) };
      }
      if (this.stored) return this.stored.model;
    }
    const sig = signature(categories);
    // Trained once per keyword edit (a few hundred ms), letting other work in between its fits.
    if (this.coldStart?.signature !== sig) this.coldStart = { signature: sig, model: await trainRoutingModelAsync(ROUTING_SEED_EXAMPLES, categories) };
    return this.coldStart.model;
  }

  async preview(text: string): Promise<RoutingResult> {
    const categories = await this.intake.categories();
    return routeText(text, categories, await this.model(categories));
  }

  /** The stored model's figures; before any training, the cold-start model's (version null, nothing measured). */
  async summary(): Promise<RoutingModelSummary | (Omit<RoutingModelSummary, 'version' | 'createdAt'> & { version: null; createdAt: null })> {
    const stored = await this.routing.latestSummary();
    if (stored) return stored;
    const model = await this.model(await this.intake.categories());
    return {
      version: null,
      createdAt: null,
      seedExamples: ROUTING_SEED_EXAMPLES.length,
      decisions: 0,
      measuredOn: 0,
      precision: null,
      coverage: null,
      top1: null,
      threshold: model.threshold,
    };
  }

  /**
   * Retrains from the seed examples and the desk's decisions by people: first without the most
   * recent fifth, to measure on decisions the model has not seen (the figures admins see), then on
   * everything; stores the result as a new version. Until the desk has decided anything, stores nothing.
   */
  async train(): Promise<RoutingModelSummary | null> {
    const categories = await this.intake.categories();
    const known = new Set(categories.map((c) => c.code));
    const notAppeal = categories.find((c) => c.departmentId === null)?.code ?? null;
    const decisions: TrainingExample[] = [];
    for (const d of await this.routing.decisions(DECISIONS)) {
      const code = d.rejected ? notAppeal : d.categoryCode;
      if (code && known.has(code)) decisions.push({ text: d.text, categoryCode: code });
    }
    // Nothing decided by the desk yet: the cold-start model, which follows keyword edits at once, stays in use.
    if (decisions.length === 0) return null;
    const held = Math.floor(decisions.length * HELD_OUT);
    let figures: { precision: number | null; coverage: number | null; top1: number | null } = { precision: null, coverage: null, top1: null };
    if (held >= MIN_MEASURED) {
      // decisions are newest first: the first `held` are the most recent.
      const trial = await trainRoutingModelAsync([...ROUTING_SEED_EXAMPLES, ...decisions.slice(held)], categories);
      figures = measure(decisions.slice(0, held), categories, trial);
    }
    const model = await trainRoutingModelAsync([...ROUTING_SEED_EXAMPLES, ...decisions], categories);
    const saved = await this.routing.save({
      seedExamples: ROUTING_SEED_EXAMPLES.length,
      decisions: decisions.length,
      measuredOn: held >= MIN_MEASURED ? held : 0,
      ...figures,
      threshold: model.threshold,
      model: serializeModel(model),
    });
    this.logger.log(`routing model v${saved.version}: ${decisions.length} decisions, precision ${figures.precision ?? '-'} on ${saved.measuredOn}`);
    return saved;
  }
}

/** Precision of automatic routes, share automated, and top-1 on department decisions, over held-out decisions. */
export function measure(examples: readonly TrainingExample[], categories: readonly RoutingCategory[], model: RoutingModel) {
  const department = new Set(categories.filter((c) => c.departmentId !== null).map((c) => c.code));
  let automated = 0;
  let right = 0;
  let departmentDecisions = 0;
  let top1 = 0;
  for (const e of examples) {
    const r = routeText(e.text, categories, model);
    if (r.certain) {
      automated++;
      if (r.categoryCode === e.categoryCode) right++;
    }
    if (department.has(e.categoryCode)) {
      departmentDecisions++;
      if (r.categoryCode === e.categoryCode) top1++;
    }
  }
  const ratio = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 1000) / 1000);
  return { precision: ratio(right, automated), coverage: ratio(automated, examples.length), top1: ratio(top1, departmentDecisions) };
}
