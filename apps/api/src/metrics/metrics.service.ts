import { Injectable, Logger } from '@nestjs/common';

type Labels = Record<string, string>;

export interface Sample {
  labels: Labels;
  value: number;
}

interface Counter {
  help: string;
  values: Map<string, Sample>;
}

interface Gauge {
  help: string;
  collect: () => Promise<Sample[]>;
}

/** A scrape must answer even while PostgreSQL or Redis does not: a gauge that takes longer is left out. */
const COLLECT_TIMEOUT_MS = 2000;

const labelText = (labels: Labels): string =>
  Object.entries(labels)
    .map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`))}"`)
    .join(',');

/**
 * Process-local counters, and gauges read at scrape time, in the Prometheus text format. A handful
 * of metrics does not justify a client library; per-process counters are what Prometheus expects
 * (it sums across instances).
 */
@Injectable()
export class MetricsService {
  private readonly logger = new Logger(MetricsService.name);
  private readonly counters = new Map<string, Counter>();
  private readonly gauges = new Map<string, Gauge>();

  constructor() {
    this.declare('tynda_webhook_deliveries_total', 'Webhook deliveries stored in the inbox (fresh) or recognised as a redelivery (duplicate).');
    this.declare('tynda_webhook_rejected_total', 'Webhook deliveries rejected before storing, by reason (bad_signature, malformed, not_configured).');
    this.declare('tynda_login_password_checks_total', 'Sign-in attempts whose password was hashed and compared (refused attempts never are).');
    this.declare('tynda_login_refused_total', 'Sign-in attempts refused before the password check, by reason (address, account, locked).');
  }

  increment(name: string, labels: Labels, by = 1): void {
    const counter = this.counters.get(name);
    if (!counter) throw new Error(`metric ${name} is not declared`);
    const key = JSON.stringify(Object.entries(labels).sort());
    const entry = counter.values.get(key) ?? { labels, value: 0 };
    entry.value += by;
    counter.values.set(key, entry);
  }

  /** A gauge whose samples `collect` reads at every scrape (keep it cheap: an indexed COUNT, a Redis counter). */
  gauge(name: string, help: string, collect: () => Promise<Sample[]>): void {
    if (this.gauges.has(name) || this.counters.has(name)) throw new Error(`metric ${name} is already declared`);
    this.gauges.set(name, { help, collect });
  }

  async render(): Promise<string> {
    const lines: string[] = [];
    for (const [name, counter] of this.counters) {
      lines.push(`# HELP ${name} ${counter.help}`, `# TYPE ${name} counter`);
      for (const { labels, value } of counter.values.values()) lines.push(`${name}{${labelText(labels)}} ${value}`);
    }
    const gauges = [...this.gauges];
    const collected = await Promise.all(gauges.map(([name, g]) => this.collect(name, g)));
    gauges.forEach(([name, g], i) => {
      lines.push(`# HELP ${name} ${g.help}`, `# TYPE ${name} gauge`);
      for (const { labels, value } of collected[i]!) lines.push(`${name}{${labelText(labels)}} ${value}`);
    });
    return `${lines.join('\n')}\n`;
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

  private declare(name: string, help: string): void {
    this.counters.set(name, { help, values: new Map() });
  }
}
