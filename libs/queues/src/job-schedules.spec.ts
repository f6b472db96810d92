import { loadConfig } from '@app/config';
import { jobSchedules, timerIntervals } from './job-schedules.js';

const everyMs = (env: Record<string, string>) => Object.fromEntries(jobSchedules(loadConfig(env)).map((s) => [s.id, s.everyMs]));

describe('the worker schedules', () => {
  it('runs each job scheduler and timer at its setting, by default as often as before they were settings', () => {
    expect(everyMs({})).toEqual({
      'sla-sweep': 15_000,
      'resident-unanswered-sweep': 60_000,
      'assignment-sweep': 60_000,
      'outbound-sweep': 60_000,
      'channel-reconcile': 600_000,
      'routing-train': 6 * 3_600_000,
      'report-cells': 10_000,
      retention: 3_600_000,
    });
    expect(timerIntervals(loadConfig({}))).toEqual({ 'outbox-relay': 1_000, 'intake-relay': 5_000, 'schedule-check': 5_000 });
  });

  it('takes every interval from the environment', () => {
    const env = {
      SLA_SWEEP_EVERY_MS: '1001',
      RESIDENT_CONFIRMATION_SWEEP_EVERY_MS: '1002',
      ASSIGNMENT_SWEEP_EVERY_MS: '1003',
      OUTBOUND_SWEEP_EVERY_MS: '1004',
      CHANNEL_RECONCILE_EVERY_MS: '1005',
      ROUTING_TRAIN_EVERY_MS: '60006',
      RETENTION_EVERY_MS: '1007',
      REPORT_CELLS_EVERY_MS: '1008',
    };
    expect(Object.values(everyMs(env)).sort()).toEqual(Object.values(env).map(Number).sort());
    expect(timerIntervals(loadConfig({ OUTBOX_RELAY_EVERY_MS: '301', INTAKE_RELAY_EVERY_MS: '302', SCHEDULE_CHECK_EVERY_MS: '303' }))).toEqual({
      'outbox-relay': 301,
      'intake-relay': 302,
      'schedule-check': 303,
    });
  });

  it('refuses an interval below its floor, naming the setting', () => {
    expect(() => loadConfig({ ASSIGNMENT_SWEEP_EVERY_MS: '10' })).toThrow(/ASSIGNMENT_SWEEP_EVERY_MS/);
    expect(() => loadConfig({ OUTBOUND_SWEEP_EVERY_MS: 'soon' })).toThrow(/OUTBOUND_SWEEP_EVERY_MS/);
    expect(() => loadConfig({ ROUTING_TRAIN_EVERY_MS: '1000' })).toThrow(/ROUTING_TRAIN_EVERY_MS/);
  });
});
