import net from 'node:net';
import { freePort, freePorts } from './index';

function listen(port: number): Promise<net.Server> {
  const server = net.createServer();
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

const close = (server: net.Server) => new Promise<void>((resolve) => server.close(() => resolve()));

function connect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

describe('freePorts / freePort', () => {
  it('hands out distinct ports that can be listened on right away', async () => {
    const ports = await freePorts(5);
    expect(new Set(ports).size).toBe(5);
    const servers = await Promise.all(ports.map(listen));
    expect(servers.map((server) => (server.address() as net.AddressInfo).port)).toEqual(ports);
    await Promise.all(servers.map(close));
  });

  it('returns a port where connections are refused, since nothing listens there any more', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    expect(port).toBeLessThan(65_536);
    expect(await connect(port)).toBe('ECONNREFUSED');
  });

  it.each([0, -1, 1.5])('refuses a count of %s', async (count) => {
    await expect(freePorts(count)).rejects.toThrow(RangeError);
  });
});
