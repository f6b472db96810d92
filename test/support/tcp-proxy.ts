import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of PostgreSQL that a test can break on purpose: `pause()` stops every byte
 * in both directions while the sockets stay open (a frozen server, as under SIGSTOP: connections
 * are still accepted, nothing is answered), `kill()` drops every connection and refuses new ones
 * (a stopped server), `resume()` and `restart()` undo them.
 */
export class TcpProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private paused = false;

  private constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
    private listenPort: number,
  ) {}

  /** Listens on a free loopback port, forwarding to `target` (default PostgreSQL's 127.0.0.1:5432). */
  static async start(targetPort = 5432, targetHost = '127.0.0.1'): Promise<TcpProxy> {
    const proxy = new TcpProxy(targetHost, targetPort, 0);
    await proxy.listen();
    return proxy;
  }

  get port(): number {
    return this.listenPort;
  }

  /** host:port to put in a connection URL. */
  get address(): string {
    return `127.0.0.1:${this.listenPort}`;
  }

  /** Connections open right now (both sides counted once each). */
  get connections(): number {
    return this.sockets.size;
  }

  pause(): void {
    this.paused = true;
    for (const socket of this.sockets) socket.pause();
  }

  resume(): void {
    this.paused = false;
    for (const socket of this.sockets) socket.resume();
  }

  /** Destroys every connection and closes the listening socket, so a new connection is refused. */
  async kill(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.paused = false;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Listens again on the same port after `kill()`. */
  async restart(): Promise<void> {
    if (!this.server) await this.listen();
  }

  async close(): Promise<void> {
    await this.kill();
  }

  private async listen(): Promise<void> {
    const server = createServer((client) => this.forward(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.listenPort, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.listenPort = (server.address() as { port: number }).port;
    this.server = server;
  }

  private forward(client: Socket): void {
    const upstream = connect(this.targetPort, this.targetHost);
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      this.sockets.add(from);
      from.on('data', (chunk: Buffer) => {
        // Back-pressure: stop reading until the other side drains, unless a pause holds it anyway.
        if (!to.write(chunk)) {
          from.pause();
          to.once('drain', () => this.paused || from.resume());
        }
      });
      from.on('end', () => to.end());
      from.on('error', () => to.destroy());
      from.on('close', () => {
        this.sockets.delete(from);
        to.destroy();
      });
      if (this.paused) from.pause();
    }
  }
}
