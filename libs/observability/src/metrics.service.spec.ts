import { Logger } from '@nestjs/common';
import { MetricsService, cached, type Sample } from './metrics.service.js';
import { metricsAccess } from './metrics-access.js';

describe('MetricsService', () => {
  // The left-out gauge is logged: not in the test's output.
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['error', 'warn', 'log']));

  it('renders runtime metrics, declared counters, histograms and scrape-time gauges in one text', async () => {
    const m = new MetricsService();
    m.increment('tynda_sla_steps_total', { step: 'first_response.breach' }, 2);
    m.observeRequest('GET', '/api/v1/tickets/:id', 200, 0.03);
    m.gauge('tynda_example', 'An example.', async (): Promise<Sample[]> => [
      { labels: { queue: 'sla' }, value: 3 },
      { labels: {}, value: 1 },
    ]);
    const text = await m.render();
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('tynda_sla_steps_total{step="first_response.breach"} 2');
    expect(text).toContain('tynda_http_request_duration_seconds_bucket{le="0.05",method="GET",route="/api/v1/tickets/:id",status="200"} 1');
    expect(text).toContain('# TYPE tynda_example gauge\ntynda_example{queue="sla"} 3\ntynda_example 1\n');
    expect(() => m.increment('tynda_undeclared_total', {})).toThrow(/not declared/);
    expect(() => m.increment('tynda_sla_steps_total', { stage: 'x' })).toThrow();
    m.onApplicationShutdown();
  });

  it('leaves out a gauge that does not answer within 2 s, and still answers', async () => {
    const m = new MetricsService();
    m.gauge('tynda_stuck', 'Never answers.', () => new Promise(() => undefined));
    const started = Date.now();
    const text = await m.render();
    expect(Date.now() - started).toBeLessThan(3000);
    expect(text).toContain('# TYPE tynda_stuck gauge\n');
    expect(text).not.toMatch(/^tynda_stuck[ {]/m);
    m.onApplicationShutdown();
  });
});

describe('cached', () => {
  it('reads once per period, and reads again at once after a failure', async () => {
    let reads = 0;
    let fail = true;
    const read = cached(60_000, async () => {
      reads++;
      if (fail) throw new Error('down');
      return reads;
    });
    await expect(read()).rejects.toThrow('down');
    fail = false;
    expect(await read()).toBe(2);
    expect(await read()).toBe(2);
    expect(reads).toBe(2);
  });
});

describe('metricsAccess', () => {
  it('public outside production without a token, off in production without one, the bearer token otherwise', () => {
    expect(metricsAccess(undefined, false, undefined)).toBe('allowed');
    expect(metricsAccess(undefined, true, 'Bearer anything')).toBe('off');
    expect(metricsAccess('a-token-of-16-chars', true, undefined)).toBe('unauthorized');
    expect(metricsAccess('a-token-of-16-chars', true, 'Bearer a-token-of-16-charx')).toBe('unauthorized');
    expect(metricsAccess('a-token-of-16-chars', false, 'bearer a-token-of-16-chars')).toBe('allowed');
  });
});
