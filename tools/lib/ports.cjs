// @ts-check
'use strict';
/**
 * Ports and addresses of the local app: the fixed layout of `npm start` (9080, 9081, ...), a check
 * that they are free before anything is spawned, and the URL a client uses to reach a process bound
 * to a given address. (Free ephemeral ports for tests are test-support's `freePort`.)
 */
const net = require('node:net');

/** @typedef {'productpage' | 'details' | 'reviews-v1' | 'reviews-v2' | 'reviews-v3' | 'ratings'} InstanceName */
/** @typedef {Record<InstanceName, number>} PortMap */

/** Offsets from the base port, as documented in the README: 9080, 9081, ... */
const PORT_OFFSETS = /** @type {PortMap} */ ({
  productpage: 0,
  details: 1,
  'reviews-v1': 2,
  'reviews-v2': 3,
  'reviews-v3': 4,
  ratings: 5,
});

/**
 * @param {{ basePort?: number, ports?: Partial<PortMap> }} [options]
 *   basePort: productpage's port, the others follow (default 9080); ports: explicit overrides
 * @returns {PortMap}
 */
function resolvePorts(options = {}) {
  const base = options.basePort ?? 9080;
  /** @type {Partial<PortMap>} */
  const ports = {};
  for (const [name, offset] of Object.entries(PORT_OFFSETS)) {
    ports[/** @type {InstanceName} */ (name)] = options.ports?.[/** @type {InstanceName} */ (name)] ?? base + offset;
  }
  return /** @type {PortMap} */ (ports);
}

/**
 * Where to connect to reach a process bound to `host` (wildcards are reached over loopback).
 * @param {string} host
 */
function connectHost(host) {
  return host === '::' || host === '0.0.0.0' || host === '' ? '127.0.0.1' : host;
}

/**
 * Base URL of a process bound to host:port, for clients (IPv6 literals in brackets).
 * @param {{ host: string, port: number }} address
 */
function baseUrl(address) {
  const host = connectHost(address.host);
  return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
}

/**
 * Fails early, with a useful message, when a port is taken (a second `npm start`, a leftover
 * process), instead of letting a child crash with EADDRINUSE among many log lines.
 * @param {ReadonlyArray<{ name: string, host: string, port: number }>} specs
 */
async function assertPortsFree(specs) {
  const taken = [];
  for (const spec of specs) {
    const free = await new Promise((resolve) => {
      const probe = net.createServer();
      probe.once('error', () => resolve(false));
      probe.listen({ port: spec.port, host: spec.host, exclusive: true }, () => probe.close(() => resolve(true)));
    });
    if (!free) taken.push(`${spec.name} (${spec.host} port ${spec.port})`);
  }
  if (taken.length > 0) {
    throw new Error(`port already in use: ${taken.join(', ')}. Stop the other process or choose other ports.`);
  }
}

/**
 * A base port whose six ports (see PORT_OFFSETS) are free, below Linux's ephemeral range (32768
 * and up): a port there can be free when checked and then be taken as the local end of an outgoing
 * connection (readiness probes, a load generator's) before the service meant for it binds it, or
 * while a restarted service is down.
 * @param {{ host?: string }} [options]  address to check on (default `::`, which covers IPv4 too)
 * @returns {Promise<number>}
 */
async function freeBasePort(options = {}) {
  const host = options.host ?? '::';
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const basePort = 20000 + Math.floor(Math.random() * 12000);
    const ports = Object.entries(resolvePorts({ basePort })).map(([name, port]) => ({ name, host, port }));
    try {
      await assertPortsFree(ports);
      return basePort;
    } catch {
      // taken: try another range
    }
  }
  throw new Error('no six consecutive free ports found between 20000 and 32005');
}

module.exports = { PORT_OFFSETS, resolvePorts, connectHost, baseUrl, assertPortsFree, freeBasePort };
