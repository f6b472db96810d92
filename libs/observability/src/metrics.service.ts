import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

type Labels = Record<string, string>;

export interface Sample {
  labels: Labels;
  value: number;
}

interface Gauge {
  help: string;
  collect: () => Promise<Sample[]>;
}

/** A scrape must answer even while PostgreSQL or Redis does not: a gauge that takes longer is left out. */
const COLLECT_TIMEOUT_MS = 2000;

/**
 * Every counter either process increments, declared once with its labels (prom-client refuses a
 * label it was not told of, so a typo fails the first test that takes the path).
 */
const COUNTERS: Record<string, { help: string; labels: string[] }> = {
  tynda_webhook_deliveries_total: {
    help: 'Webhook deliveries stored in the inbox (fresh) or recognised as a redelivery (duplicate).',
    labels: ['channel', 'result'],
  },
  tynda_webhook_rejected_total: {
    help: 'Webhook deliveries rejected before storing, by reason (bad_signature, malformed, not_configured).',
    labels: ['channel', 'reason'],
  },
  tynda_login_password_checks_total: { help: 'Sign-in attempts whose password was hashed and compared (refused attempts never are).', labels: [] },
  tynda_login_refused_total: { help: 'Sign-in attempts refused before the password check, by reason (address, account, locked).', labels: ['reason'] },
  tynda_sla_steps_total: { help: 'SLA steps taken by this process (warnings, breaches, level two), by step.', labels: ['step'] },
  tynda_reply_deliveries_total: {
    help: 'Attempts to post a public reply on its channel, by outcome (delivered, retry, failed, held).',
    labels: ['channel', 'outcome'],
  },
  tynda_jobs_total: {
    help: 'Jobs this worker ran, by queue, job name and result (completed, failed: a failed attempt that BullMQ may retry).',
    labels: ['queue', 'name', 'result'],
  },
};

const labelText = (labels: Labels): string =>
  Object.entries(labels)
    .map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`))}"`)
    .join(',');

/**
 * The process's Prometheus metrics: Node's process and runtime metrics, the counters above, the
 * HTTP and job duration histograms (prom-client, one registry per application so the tests' several
 * apps in one process stay apart), and gauges read at scrape time.
 */
@Injectable()
export class MetricsService implements OnApplicationShutdown {
  private readonly logger = new Logger(MetricsService.name);
  private readonly registry = new Registry();
  private readonly counters = new Map<string, Counter>();
  private readonly gauges = new Map<string, Gauge>();
  private readonly http: Histogram<'method' | 'route' | 'status'>;
  private readonly jobs: Histogram<'queue' | 'name'>;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    for (const [name, { help, labels }] of Object.entries(COUNTERS)) {
      this.counters.set(name, new Counter({ name, help, labelNames: labels, registers: [this.registry] }));
    }
    this.http = new Histogram({
      name: 'tynda_http_request_duration_seconds',
      help: 'HTTP requests by method, route template (never the raw URL) and status.',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.jobs = new Histogram({
      name: 'tynda_job_duration_seconds',
      help: 'Time a job ran in this worker, by queue and job name.',
      labelNames: ['queue', 'name'],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60],
      registers: [this.registry],
    });
  }

  increment(name: string, labels: Labels, by = 1): void {
    const counter = this.counters.get(name);
    if (!counter) throw new Error(`metric ${name} is not declared`);
    counter.inc(labels, by);
  }

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.http.observe({ method, route, status: String(status) }, seconds);
  }

  observeJob(queue: string, name: string, result: 'completed' | 'failed', seconds: number): void {
    this.jobs.observe({ queue, name }, seconds);
    this.increment('tynda_jobs_total', { queue, name, result });
  }

  /** A gauge whose samples `collect` reads at every scrape (keep it cheap: an indexed COUNT, a Redis counter). */
  gauge(name: string, help: string, collect: () => Promise<Sample[]>): void {
    if (this.gauges.has(name) || this.counters.has(name)) throw new Error(`metric ${name} is already declared`);
    this.gauges.set(name, { help, collect });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  async render(): Promise<string> {
    const lines: string[] = [];
    const gauges = [...this.gauges];
    const [registered, collected] = await Promise.all([this.registry.metrics(), Promise.all(gauges.map(([name, g]) => this.collect(name, g)))]);
    gauges.forEach(([name, g], i) => {
      lines.push(`# HELP ${name} ${g.help}`, `# TYPE ${name} gauge`);
      for (const { labels, value } of collected[i]!) lines.push(Object.keys(labels).length ? `${name}{${labelText(labels)}} ${value}` : `${name} ${value}`);
    });
    return `${registered}${registered.endsWith('\n') ? '' : '\n'}${lines.join('\n')}\n`;
  }

  onApplicationShutdown(): void {
    this.registry.clear();
  }

  /** A gauge that cannot be read is left out of this scrape (Prometheus then shows it absent), and logged. */
  private async collect(name: string, gauge: Gauge): Promise<Sample[]> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        gauge.collect(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${COLLECT_TIMEOUT_MS} ms`)), COLLECT_TIMEOUT_MS);
        }),
      ]);
    } catch (e) {
      this.logger.warn({ message: 'metric not collected', metric: name, error: (e as Error).message });
      return [];
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * A scrape-time reading shared for `ttlMs`: several Prometheus servers, or a burst of scrapes,
 * cost one query per period.
 */
export function cached<T>(ttlMs: number, read: () => Promise<T>): () => Promise<T> {
  let last: { at: number; value: Promise<T> } | undefined;
  return () => {
    const now = Date.now();
    if (!last || now - last.at > ttlMs) {
      const value = read();
      last = { at: now, value };
      // A failed reading is not kept: the next scrape tries again.
      value.catch(() => {
        if (last?.value === value) last = undefined;
      });
    }
    return last.value;
  };
}
