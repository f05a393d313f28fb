import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeError } from '../../shared/errors.js';
import { silentLogger, type Logger } from '../logging/logger.js';
import { isEntryLevel, spoilEntries, type MalformedKind, type SimulatorFaults } from './faults.js';
import { SimulatedNetwork, type NetworkState } from './network-model.js';
import { sequence } from './seeded-hash.js';

export interface SimulatorOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** About this many farmers online at a time (0: an empty list). */
  farmers: number;
  seed?: number | string;
  faults?: SimulatorFaults;
  /** The simulated network's clock (epoch ms). */
  clock?: () => number;
  /** Each request at debug level, each failed answer as an error; default: nowhere. */
  logger?: Logger;
}

export interface Simulator {
  readonly url: string;
  readonly port: number;
  readonly network: SimulatedNetwork;
  /** Changes the faults of later requests (tests switch between good and bad answers). */
  setFaults(faults: SimulatorFaults): void;
  /** Requests received so far, by path. */
  requests(): Record<string, number>;
  /** The most requests ever in progress at once (a collector whose scrapes never overlap makes 2). */
  peakConcurrency(): number;
  close(): Promise<void>;
}

const JSON_HEADERS = {
  'content-type': 'application/json',
  // The status server allows any origin (docs/status-server-api.md, "GET /api/online/json").
  'access-control-allow-origin': '*',
};

export function renderOnline(state: NetworkState): string {
  return JSON.stringify({ farmers: state.farmers });
}

export function renderTotal(state: NetworkState): string {
  return JSON.stringify(state.total);
}

/** Streams `size` bytes of one long JSON document without holding it in memory. */
async function sendOversized(response: ServerResponse, size: number): Promise<void> {
  response.writeHead(200, JSON_HEADERS);
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  response.write('{"farmers": [');
  for (let sent = 0; sent < size && !response.destroyed; sent += chunk.length) {
    if (!response.write(chunk)) await new Promise((resolve) => response.once('drain', resolve));
  }
  response.end(']}');
}

/** Answers `/api/online/json` spoiled as `kind` says. */
async function sendMalformed(response: ServerResponse, kind: MalformedKind, state: NetworkState, faults: SimulatorFaults): Promise<void> {
  if (isEntryLevel(kind)) {
    response.writeHead(200, JSON_HEADERS).end(JSON.stringify({ farmers: spoilEntries(kind, state.farmers) }));
    return;
  }
  switch (kind) {
    case 'not_json':
      response.writeHead(200, JSON_HEADERS).end('<html><body>502 Bad Gateway</body></html>');
      return;
    case 'truncated': {
      const body = renderOnline(state);
      response.writeHead(200, JSON_HEADERS).end(body.slice(0, Math.max(1, Math.floor(body.length / 2))));
      return;
    }
    case 'wrong_shape':
      response.writeHead(200, JSON_HEADERS).end(JSON.stringify({ farmers: { count: state.farmers.length } }));
      return;
    case 'oversized':
      await sendOversized(response, faults.oversizeBytes ?? 65 * 1024 * 1024);
      return;
    case 'reset': {
      // Headers and half a body, then the connection is cut: what a crashing proxy does.
      const body = renderOnline(state);
      response.writeHead(200, { ...JSON_HEADERS, 'content-length': String(body.length) });
      response.write(body.slice(0, Math.floor(body.length / 2)));
      await sleep(10);
      response.socket?.resetAndDestroy();
      return;
    }
  }
}

/** What the server answers each request with: the network's state of that second, and the faults. */
class StatusAnswers {
  readonly network: SimulatedNetwork;
  faults: SimulatorFaults;
  readonly counts: Record<string, number> = {};
  private readonly clock: () => number;
  private readonly logger: Logger;
  private readonly random: () => number;
  private cached: NetworkState | null = null;

  constructor(options: SimulatorOptions) {
    this.network = new SimulatedNetwork({ farmers: options.farmers, seed: options.seed ?? 1 });
    this.clock = options.clock ?? Date.now;
    this.logger = options.logger ?? silentLogger();
    this.faults = options.faults ?? {};
    this.random = sequence(this.network.seed ^ 0x5eed);
  }

  /** One state per second keeps the two endpoints of one scrape consistent and cheap. */
  private stateNow(): NetworkState {
    const now = this.clock();
    if (this.cached === null || Math.floor(this.cached.time / 1000) !== Math.floor(now / 1000)) this.cached = this.network.stateAt(now);
    return this.cached;
  }

  private async answerOnline(response: ServerResponse): Promise<void> {
    const state = this.stateNow();
    const kind = this.faults.malformed ?? null;
    if (kind !== null && this.random() < (this.faults.malformedRate ?? 1)) return sendMalformed(response, kind, state, this.faults);
    response.writeHead(200, JSON_HEADERS).end(renderOnline(state));
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://simulator').pathname;
    this.counts[path] = (this.counts[path] ?? 0) + 1;
    this.logger.debug({ method: request.method, path }, 'request');
    if (this.faults.latencyMs) {
      // A client that gives up (timeout, stop) ends the wait too, so a closing server never hangs.
      const gaveUp = new AbortController();
      response.once('close', () => gaveUp.abort());
      const waited = await sleep(this.faults.latencyMs, true, { signal: gaveUp.signal }).catch(() => false);
      if (!waited) return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { ...JSON_HEADERS, allow: 'GET' }).end(JSON.stringify({ error: 'method not allowed' }));
      return;
    }
    if ((path === '/api/online/json' || path === '/api/total') && this.random() < (this.faults.errorRate ?? 0)) {
      response.writeHead(500, JSON_HEADERS).end(JSON.stringify({ error: 'simulated internal error' }));
      return;
    }
    if (path === '/api/online/json') return this.answerOnline(response);
    if (path === '/api/total') {
      response.writeHead(200, JSON_HEADERS).end(renderTotal(this.stateNow()));
      return;
    }
    response.writeHead(404, JSON_HEADERS).end(JSON.stringify({ error: 'not found' }));
  }

  failed(error: unknown, request: IncomingMessage, response: ServerResponse): void {
    this.logger.error({ err: error, url: request.url }, 'answer failed');
    if (!response.headersSent) response.writeHead(500, JSON_HEADERS);
    response.end(JSON.stringify({ error: describeError(error) }));
  }
}

/**
 * A dataserv-compatible status server over a simulated network: the demo's source, the tests'
 * peer and the benchmarks' load. Both endpoints answer from the same state for a given second.
 */
export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const answers = new StatusAnswers(options);
  let inProgress = 0;
  let peak = 0;
  const server: Server = createServer((request, response) => {
    inProgress++;
    peak = Math.max(peak, inProgress);
    response.once('close', () => inProgress--);
    answers.handle(request, response).catch((error: unknown) => answers.failed(error, request, response));
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://${host}:${port}`,
    port,
    network: answers.network,
    setFaults(next) {
      answers.faults = next;
    },
    requests: () => ({ ...answers.counts }),
    peakConcurrency: () => peak,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
