import { createServer, type Server, type Socket } from 'node:net';
import pg from 'pg';
import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from './database-unavailable.js';

/** A pg DatabaseError as the server sends it, wrapped by TypeORM as repositories see it. */
function serverError(code: string, message = 'server error'): QueryFailedError {
  const driverError = new pg.DatabaseError(message, 0, 'error');
  driverError.code = code;
  return new QueryFailedError('SELECT 1', [], driverError);
}

const socketError = (code: string): Error => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, syscall: 'connect' });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['connection refused', socketError('ECONNREFUSED')],
    ['connection reset', socketError('ECONNRESET')],
    ['connect timed out', socketError('ETIMEDOUT')],
    ['no free pooled client in time (pg-pool)', new Error('timeout exceeded when trying to connect')],
    [
      'a new connection not opened in time (pg-pool)',
      new Error('Connection terminated due to connection timeout', { cause: new Error('Connection terminated unexpectedly') }),
    ],
    ['the server closed the connection mid-query', new QueryFailedError('SELECT 1', [], new Error('Connection terminated unexpectedly'))],
    ['no answer within query_timeout', new QueryFailedError('SELECT 1', [], new Error('Query read timeout'))],
    ['a client whose connection broke', new Error('Client has encountered a connection error and is not queryable')],
    ['statement timeout', serverError('57014', 'canceling statement due to statement timeout')],
    ['admin shutdown', serverError('57P01', 'terminating connection due to administrator command')],
    ['the server is starting up', serverError('57P03', 'the database system is starting up')],
    ['too many connections', serverError('53300', 'sorry, too many clients already')],
    ['a connection exception (class 08)', serverError('08006', 'connection failure')],
    ['every address refused (AggregateError)', new AggregateError([socketError('ECONNREFUSED'), socketError('ECONNREFUSED')], 'connect failed')],
  ])('is true for %s', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', serverError('23505', 'duplicate key value violates unique constraint')],
    ['a value of the wrong type', serverError('22P02', 'invalid input syntax for type uuid')],
    ['a syntax error', serverError('42601', 'syntax error at or near "SELEC"')],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['an HTTP-ish error', Object.assign(new Error('Not Found'), { status: 404 })],
    ['a string', 'ECONNREFUSED'],
    ['null', null],
    ['undefined', undefined],
  ])('is false for %s', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it('does not loop on an error that is its own cause', () => {
    const e = new Error('odd') as Error & { cause?: unknown };
    e.cause = e;
    expect(isDatabaseUnavailable(e)).toBe(false);
  });

  describe('on the errors pg really raises', () => {
    let silent: Server;
    let silentPort: number;
    const sockets: Socket[] = [];
    beforeAll(async () => {
      // Accepts connections and never answers: a frozen PostgreSQL.
      silent = createServer((socket) => void sockets.push(socket));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      silentPort = (silent.address() as { port: number }).port;
    });
    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    });

    it('recognises a refused connection', async () => {
      // Port 1 has no listener: the kernel refuses at once, as for a stopped PostgreSQL.
      const error = await new pg.Client({ host: '127.0.0.1', port: 1, connectionTimeoutMillis: 1000 }).connect().catch((e: unknown) => e);
      expect(isDatabaseUnavailable(error)).toBe(true);
    });

    it("recognises pg-pool's connect timeout against a server that never answers", async () => {
      const pool = new pg.Pool({ host: '127.0.0.1', port: silentPort, connectionTimeoutMillis: 200 });
      pool.on('error', () => undefined);
      try {
        const error = await pool.query('SELECT 1').catch((e: unknown) => e);
        expect((error as Error).message).toMatch(/timeout/);
        expect(isDatabaseUnavailable(error)).toBe(true);
      } finally {
        await pool.end();
      }
    });
  });
});
