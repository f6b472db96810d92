import { Injectable } from '@nestjs/common';

type Labels = Record<string, string>;

interface Counter {
  help: string;
  values: Map<string, { labels: Labels; value: number }>;
}

/**
 * Process-local counters in the Prometheus text format. A handful of counters does not justify a
 * client library; per-process values are what Prometheus expects (it sums across instances).
 */
@Injectable()
export class MetricsService {
  private readonly counters = new Map<string, Counter>();

  constructor() {
    this.declare('tynda_webhook_deliveries_total', 'Webhook deliveries stored in the inbox (fresh) or recognised as a redelivery (duplicate).');
    this.declare('tynda_webhook_rejected_total', 'Webhook deliveries rejected before storing, by reason (bad_signature, malformed, not_configured).');
  }

  increment(name: string, labels: Labels, by = 1): void {
    const counter = this.counters.get(name);
    if (!counter) throw new Error(`metric ${name} is not declared`);
    const key = JSON.stringify(Object.entries(labels).sort());
    const entry = counter.values.get(key) ?? { labels, value: 0 };
    entry.value += by;
    counter.values.set(key, entry);
  }

  render(): string {
    const lines: string[] = [];
    for (const [name, counter] of this.counters) {
      lines.push(`# HELP ${name} ${counter.help}`, `# TYPE ${name} counter`);
      for (const { labels, value } of counter.values.values()) {
        const text = Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`))}"`).join(',');
        lines.push(`${name}{${text}} ${value}`);
      }
    }
    return `${lines.join('\n')}\n`;
  }

  private declare(name: string, help: string): void {
    this.counters.set(name, { help, values: new Map() });
  }
}
