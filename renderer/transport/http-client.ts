import type { DriveshareClient } from '../../shared/client.js';
import type { EngineEvent } from '../../shared/model/events.js';
import type { NetworkQuery } from '../../shared/model/network.js';
import type { AddressListQuery } from '../../shared/model/address.js';
import type { SettingsPatch } from '../../shared/model/settings.js';
import type { ImportRequest } from '../../shared/model/import.js';
import type { AlertDeliveriesQuery } from '../../shared/model/alerts.js';
import type { EventHistoryQuery } from '../../shared/model/event-history.js';
import type { HeartbeatHours } from '../../shared/model/heartbeat.js';
import { AppError, describeError } from '../../shared/errors.js';
import { MS_PER_DAY, MS_PER_SECOND } from '../../shared/defaults.js';
import { appErrorFromResponse } from './app-error.js';
import type { ResponseKind, ResponseOf } from '../../shared/model/api-responses.js';

/** The parts of EventSource the client needs, so tests and non-browser hosts can supply one. */
export interface EventStream {
  addEventListener(type: 'engine', listener: (message: MessageEvent<string>) => void): void;
  close(): void;
}

/** The server-sent event name the local API gives engine events (`event: engine`). */
export const ENGINE_EVENT_NAME = 'engine';

export interface HttpClientOptions {
  /** Origin of the local API, e.g. `http://127.0.0.1:7780` (in a browser: `location.origin`). */
  baseUrl: string;
  fetch?: typeof fetch;
  openEvents?: (url: string) => EventStream;
  openWindow?: (url: string) => void;
}

type QueryValue = string | number | undefined;

/** Builds the query string, leaving out absent parameters rather than sending "undefined". */
function queryString(parameters: Record<string, QueryValue>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(parameters)) {
    if (value !== undefined) search.set(key, String(value));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

const isoOrUndefined = (epochMs: number | undefined): string | undefined =>
  epochMs === undefined ? undefined : new Date(epochMs).toISOString();

/** A span in ms as the API's ISO 8601 duration: whole days as days ("P30D"), anything else in seconds. */
function isoDurationOrUndefined(ms: number | undefined): string | undefined {
  if (ms === undefined) return undefined;
  return ms % MS_PER_DAY === 0 ? `P${ms / MS_PER_DAY}D` : `PT${Math.round(ms / MS_PER_SECOND)}S`;
}

/**
 * The browser transport: fetch against the local API, errors rebuilt from the
 * `{ error: { code, message } }` envelope, engine events from the server-sent event stream.
 */
export class HttpClient implements DriveshareClient {
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly openEvents: (url: string) => EventStream;
  private readonly openWindow: (url: string) => void;
  private readonly listeners = new Set<(event: EngineEvent) => void>();
  private stream: EventStream | null = null;

  constructor(options: HttpClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.openEvents = options.openEvents ?? ((url) => new EventSource(url));
    this.openWindow = options.openWindow ?? ((url) => void window.open(url, '_blank', 'noopener,noreferrer'));
  }

  private async request<K extends ResponseKind>(kind: K, method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<ResponseOf<K>> {
    // The checks load while the request is on its way; a failed load is reported with the answer.
    const checks = import('./response-checks.js').catch(
      (error: unknown) => new AppError('unavailable', `the dashboard could not load its answer checks (${describeError(error)})`),
    );
    let response: Response;
    try {
      response = await this.fetchImpl(this.baseUrl + path, {
        method,
        headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new AppError('unavailable', `the local API at ${this.baseUrl} did not answer (${describeError(error)})`);
    }
    const text = await response.text();
    let parsed: unknown = null;
    if (text !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        if (response.ok) throw new AppError('internal', `the local API answered ${path} with something that is not JSON`);
      }
    }
    if (!response.ok) throw appErrorFromResponse(response.status, parsed);
    const loaded = await checks;
    if (loaded instanceof AppError) throw loaded;
    return loaded.checkedResponse(kind, parsed, path);
  }

  network(query: NetworkQuery) {
    const parameters = { from: isoOrUndefined(query.from), to: isoOrUndefined(query.to), span: isoDurationOrUndefined(query.span), points: query.points };
    return this.request('network', 'GET', `/api/v1/network${queryString(parameters)}`);
  }

  summary(address: string) {
    return this.request('summary', 'GET', `/api/summary/${encodeURIComponent(address)}`);
  }

  addressDetail(address: string, days?: number) {
    return this.request(
      'addressDetail',
      'GET',
      `/api/v1/addresses/${encodeURIComponent(address)}${queryString({ days })}`,
    );
  }

  addresses(query: AddressListQuery) {
    const parameters = { sort: query.sort, limit: query.limit, q: query.q === '' ? undefined : query.q, scope: query.scope };
    return this.request('addresses', 'GET', `/api/v1/addresses${queryString(parameters)}`);
  }

  heartbeat(address: string, hours?: HeartbeatHours) {
    return this.request('heartbeat', 'GET', `/api/v1/addresses/${encodeURIComponent(address)}/heartbeat${queryString({ hours })}`);
  }

  eventHistory(query: EventHistoryQuery) {
    const parameters = { address: query.address, kind: query.kind, from: isoOrUndefined(query.from), to: isoOrUndefined(query.to), limit: query.limit, cursor: query.cursor };
    return this.request('eventHistory', 'GET', `/api/v1/events/history${queryString(parameters)}`);
  }

  alertDeliveries(query: AlertDeliveriesQuery) {
    return this.request('alertDeliveries', 'GET', `/api/v1/alerts/deliveries${queryString({ before: query.before, limit: query.limit, channel: query.channel })}`);
  }

  testAlertChannel(channel: string) {
    return this.request('alertTest', 'POST', '/api/v1/alerts/test', { channel });
  }

  status() {
    return this.request('status', 'GET', '/api/v1/status');
  }

  getSettings() {
    return this.request('settings', 'GET', '/api/v1/settings');
  }

  updateSettings(patch: SettingsPatch) {
    return this.request('settings', 'PUT', '/api/v1/settings', patch);
  }

  testSource(url: string) {
    return this.request('sourceTest', 'POST', '/api/v1/settings/test-source', { url });
  }

  startImport(request: ImportRequest) {
    return this.request('importProgress', 'POST', '/api/v1/imports', request);
  }

  cancelImport(id: string) {
    return this.request('importProgress', 'POST', `/api/v1/imports/${encodeURIComponent(id)}/cancel`);
  }

  importStatus() {
    return this.request('currentImport', 'GET', '/api/v1/imports/current');
  }

  apiUrl(path: string): string {
    return this.baseUrl + (path.startsWith('/') ? path : `/${path}`);
  }

  /** A browser has no native picker that yields a path on the engine's machine: the path is typed. */
  readonly pickImportSource = null;

  async openExternal(url: string): Promise<void> {
    const protocol = new URL(url).protocol;
    if (protocol !== 'http:' && protocol !== 'https:') throw new AppError('bad_request', `only http(s) links can be opened, not ${protocol}`);
    this.openWindow(url);
  }

  /** One event stream is shared by every subscriber and closed when the last one leaves. */
  onEvent(listener: (event: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    if (this.stream === null) {
      const stream = this.openEvents(`${this.baseUrl}/api/v1/events`);
      stream.addEventListener(ENGINE_EVENT_NAME, (message) => this.dispatch(message.data));
      this.stream = stream;
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.stream !== null) {
        this.stream.close();
        this.stream = null;
      }
    };
  }

  private dispatch(data: string): void {
    let event: EngineEvent;
    try {
      event = JSON.parse(data) as EngineEvent;
    } catch {
      // A keep-alive or a malformed line must not break the stream for the other events.
      return;
    }
    if (typeof event !== 'object' || event === null || typeof event.type !== 'string') return;
    for (const listener of this.listeners) listener(event);
  }
}
