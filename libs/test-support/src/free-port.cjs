// Plain CommonJS, so that the launcher and scripts in tools/ can require it without a build step;
// the TypeScript specs import it through index.ts (types in free-port.d.cts).
'use strict';

const net = require('node:net');

/**
 * `count` distinct TCP ports on 127.0.0.1 that were free a moment ago: each is bound on port 0,
 * read, and all are closed again before this resolves.
 *
 * There is a tiny race: between the close and the caller's own listen, another process may take
 * the port. That is rare on loopback with ephemeral ports, and it fails loudly (EADDRINUSE), never
 * silently. Where the code under test can listen on port 0 itself, prefer that; use this only for
 * a port that must be known before something starts (an env var, or a port where nothing listens).
 *
 * @param {number} count
 * @returns {Promise<number[]>}
 */
async function freePorts(count) {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`freePorts(count): count must be a whole number >= 1; got ${count}`);
  /** @type {import('node:net').Server[]} */
  const servers = [];
  try {
    // All held open together, so the ports are distinct from each other.
    for (let i = 0; i < count; i += 1) {
      const server = net.createServer();
      servers.push(server);
      await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve(undefined));
      });
    }
    return servers.map((server) => /** @type {import('node:net').AddressInfo} */ (server.address()).port);
  } finally {
    await Promise.all(
      servers.filter((server) => server.listening).map((server) => new Promise((resolve) => server.close(() => resolve(undefined)))),
    );
  }
}

/**
 * One TCP port on 127.0.0.1 that was free a moment ago (see freePorts for the race). Nothing
 * listens there when this resolves, so it also serves as a port where connections are refused.
 *
 * @returns {Promise<number>}
 */
async function freePort() {
  const [port] = await freePorts(1);
  return port;
}

module.exports = { freePort, freePorts };
