import { Logger } from '@nestjs/common';
import { FlatJsonLogger } from './json-logger.js';
import { runWithLogContext } from './log-context.js';

function capture(level: ConstructorParameters<typeof FlatJsonLogger>[0] = 'log') {
  const lines: string[] = [];
  return { logger: new FlatJsonLogger(level, (l) => void lines.push(l)), lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('FlatJsonLogger', () => {
  it("prints one flat JSON object per line: the object's fields beside level, time, msg and context", () => {
    const { logger, lines, parsed } = capture();
    logger.log({ message: 'job failed', queue: 'sla', attempt: 2 }, 'SlaProcessor');
    logger.warn('redis: connection refused', 'QueueProducer');
    expect(lines.every((l) => l.endsWith('\n') && !l.slice(0, -1).includes('\n'))).toBe(true);
    const [first, second] = parsed();
    expect(first).toEqual({
      level: 'log',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      msg: 'job failed',
      context: 'SlaProcessor',
      pid: process.pid,
      queue: 'sla',
      attempt: 2,
    });
    expect(second).toMatchObject({ level: 'warn', msg: 'redis: connection refused', context: 'QueueProducer' });
  });

  it("adds the request and job of the log context, and an error's stack as a field", () => {
    const { logger, parsed } = capture();
    runWithLogContext({ requestId: 'r-1' }, () =>
      runWithLogContext({ queue: 'assignment', jobId: 'j-9' }, () => logger.error('boom', 'Error: boom\n    at x', 'Ctx')),
    );
    logger.error(new Error('lost'), 'Ctx');
    const [inJob, plain] = parsed();
    expect(inJob).toMatchObject({
      level: 'error',
      msg: 'boom',
      stack: 'Error: boom\n    at x',
      context: 'Ctx',
      requestId: 'r-1',
      queue: 'assignment',
      jobId: 'j-9',
    });
    expect(plain).toMatchObject({ msg: 'lost', stack: expect.stringContaining('Error: lost') });
    expect(plain).not.toHaveProperty('requestId');
  });

  it('keeps its own fields from being overwritten, skips levels below the configured one, and survives a cycle', () => {
    const { logger, parsed } = capture('warn');
    logger.log('hidden');
    const cyclic: Record<string, unknown> = { message: 'odd' };
    cyclic.self = cyclic;
    logger.warn({ message: 'x', level: 'fatal', time: 'never', big: 10n });
    logger.warn(cyclic);
    const [own, cycle] = parsed();
    expect(own).toMatchObject({ level: 'warn', msg: 'x', big: '10' });
    expect(own!.time).not.toBe('never');
    expect(cycle).toMatchObject({ level: 'warn', msg: 'odd', unserializable: true });
    expect(parsed()).toHaveLength(2);
  });

  it("is what Nest's Logger writes through once installed", () => {
    const { logger, parsed } = capture();
    Logger.overrideLogger(logger);
    try {
      new Logger('Feature').log({ message: 'done', count: 3 });
    } finally {
      Logger.overrideLogger(false);
    }
    expect(parsed()).toEqual([expect.objectContaining({ msg: 'done', context: 'Feature', count: 3 })]);
  });
});
