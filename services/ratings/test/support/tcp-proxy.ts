import net, { type AddressInfo, type Socket } from 'node:net';

/**
 * Forwards 127.0.0.1:<port> to a target port and counts the connections, so a test can see how many
 * connections the service opens, make the database appear at a given moment, or cut it off.
 */
export class TcpProxy {
  accepted = 0;
  private readonly clients = new Set<Socket>();
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: net.Server) {}

  static async start(targetPort: number, port = 0): Promise<TcpProxy> {
    const server = net.createServer();
    const proxy = new TcpProxy(server);
    server.on('connection', (client) => proxy.forward(client, targetPort));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    return proxy;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Client connections currently open through the proxy. */
  get open(): number {
    return this.clients.size;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private forward(client: Socket, targetPort: number): void {
    this.accepted++;
    this.clients.add(client);
    client.on('close', () => this.clients.delete(client));
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('close', () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
      socket.on('error', () => socket.destroy());
    }
    client.pipe(upstream).pipe(client);
  }
}
