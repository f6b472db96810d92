import type { LoggerService, LogLevel } from '@nestjs/common';
import { logContext } from './log-context.js';

export const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
export type ConfiguredLogLevel = (typeof LOG_LEVELS)[number];

/** Fields the logger owns: a logged object cannot overwrite them. */
const RESERVED = new Set(['level', 'time', 'msg', 'context', 'pid']);

type Write = (line: string) => void;

/**
 * One flat JSON object per line: `level`, `time`, `msg`, `context`, the request id (and queue and job
 * id inside a job) from the log context, then the logged object's own fields side by side — never a
 * string and an object mixed in one `message` (Nest's JSON mode nests the object there).
 */
export class FlatJsonLogger implements LoggerService {
  private levels: Set<LogLevel>;

  constructor(
    level: ConfiguredLogLevel = 'log',
    private readonly write: Write = (line) => void process.stdout.write(line),
  ) {
    this.levels = new Set([...LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1), 'fatal']);
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.print('log', message, rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    this.print('error', message, rest);
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.print('warn', message, rest);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.print('debug', message, rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.print('verbose', message, rest);
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    this.print('fatal', message, rest);
  }

  setLogLevels(levels: LogLevel[]): void {
    this.levels = new Set(levels);
  }

  /** Nest passes the context as the last string argument, and for errors a stack before it. */
  private print(level: LogLevel, message: unknown, rest: unknown[]): void {
    if (!this.levels.has(level)) return;
    const args = [...rest];
    const context = args.length && typeof args.at(-1) === 'string' ? (args.pop() as string) : undefined;
    const line: Record<string, unknown> = {
      level,
      time: new Date().toISOString(),
      msg: '',
      ...(context ? { context } : {}),
      pid: process.pid,
      ...logContext(),
    };
    const fields = (extra: unknown): void => {
      if (extra instanceof Error) {
        if (!line.msg) line.msg = extra.message;
        line.stack = extra.stack;
        return;
      }
      if (extra && typeof extra === 'object') {
        for (const [k, v] of Object.entries(extra)) {
          if (k === 'message' && !line.msg && typeof v === 'string') line.msg = v;
          else if (!RESERVED.has(k)) line[k] = v;
        }
        return;
      }
      if (extra === undefined) return;
      // A second string to error() is the stack Nest's Logger passes; any other stray value is kept as `detail`.
      if (typeof extra === 'string' && level === 'error' && line.msg) line.stack = extra;
      else if (!line.msg) line.msg = String(extra);
      else line.detail = extra;
    };
    fields(message);
    for (const extra of args) fields(extra);
    this.write(`${safeStringify(line)}\n`);
  }
}

/** A value JSON cannot hold (a cycle, a BigInt) must not cost the log line. */
function safeStringify(line: Record<string, unknown>): string {
  try {
    return JSON.stringify(line, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  } catch {
    return JSON.stringify({ level: line.level, time: line.time, msg: line.msg, context: line.context, pid: line.pid, unserializable: true });
  }
}
