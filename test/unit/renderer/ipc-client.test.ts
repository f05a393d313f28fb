import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.js';
import type { DriveshareBridge } from '../../../shared/preload-api.js';
import type { EngineEvent } from '../../../shared/model/events.js';
import { createIpcClient } from '../../../renderer/transport/ipc-client.js';

/**
 * A bridge shaped like the preload's (the real one needs Electron's contextBridge): every call
 * resolves to the IPC envelope, as the main process's handlers send it.
 */
function bridge(overrides: Partial<DriveshareBridge>): DriveshareBridge {
  const failing = () => Promise.resolve({ ok: false as const, error: { code: 'internal', message: 'not wired in this test' } });
  const base = {
    network: failing,
    summary: failing,
    addressDetail: failing,
    addresses: failing,
    status: failing,
    getSettings: failing,
    updateSettings: failing,
    testSource: failing,
    startImport: failing,
    cancelImport: failing,
    importStatus: failing,
    pickImportSource: failing,
    openExternal: failing,
    openLogsFolder: failing,
    apiBaseUrl: () => Promise.resolve({ ok: true as const, value: 'http://127.0.0.1:7780/' }),
    onEvent: () => () => {},
  } as unknown as DriveshareBridge;
  return { ...base, ...overrides };
}

describe('the IPC transport', () => {
  it('returns the value of a successful envelope', async () => {
    const client = await createIpcClient(bridge({ summary: async () => ({ ok: true, value: [] }) }));
    expect(await client.summary('1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa')).toEqual([]);
  });

  it('rebuilds the AppError of an error envelope', async () => {
    const client = await createIpcClient(
      bridge({ addressDetail: async () => ({ ok: false, error: { code: 'invalid_address', message: 'bad checksum' } }) }),
    );
    const error = await client.addressDetail('1x').catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'invalid_address', message: 'bad checksum' });
  });

  it('degrades an unknown code to internal', async () => {
    const client = await createIpcClient(bridge({ status: async () => ({ ok: false, error: { code: 'brand_new', message: 'later' } }) }));
    await expect(client.status()).rejects.toMatchObject({ code: 'internal', message: 'later' });
  });

  it('builds API links from the base URL the main process reports', async () => {
    const client = await createIpcClient(bridge({}));
    expect(client.apiUrl('/api/summary/x')).toBe('http://127.0.0.1:7780/api/summary/x');
    expect(client.pickImportSource).not.toBeNull();
  });

  it('can open the logs folder, reporting a failure as the AppError of its envelope', async () => {
    let asked = 0;
    const opening = await createIpcClient(bridge({ openLogsFolder: async () => (asked++, { ok: true, value: undefined }) }));
    expect(opening.openLogsFolder).toBeDefined();
    await opening.openLogsFolder?.();
    expect(asked).toBe(1);
    const failing = await createIpcClient(bridge({ openLogsFolder: async () => ({ ok: false, error: { code: 'unavailable', message: 'no file manager' } }) }));
    await expect(failing.openLogsFolder?.()).rejects.toMatchObject({ code: 'unavailable', message: 'no file manager' });
  });

  it('has no API links when the API is off, and still works', async () => {
    const client = await createIpcClient(bridge({ apiBaseUrl: async () => ({ ok: true, value: null }), summary: async () => ({ ok: true, value: [] }) }));
    expect(client.apiUrl('/api/summary/x')).toBeNull();
    expect(await client.summary('x')).toEqual([]);
  });

  it('passes engine events through and returns the unsubscribe', async () => {
    let pushed: ((event: EngineEvent) => void) | null = null;
    let unsubscribed = false;
    const client = await createIpcClient(
      bridge({
        onEvent: (listener) => {
          pushed = listener;
          return () => (unsubscribed = true);
        },
      }),
    );
    const received: EngineEvent[] = [];
    const stop = client.onEvent((event) => received.push(event));
    pushed!({ type: 'aggregated', foldedThrough: 5 });
    stop();
    expect(received).toEqual([{ type: 'aggregated', foldedThrough: 5 }]);
    expect(unsubscribed).toBe(true);
  });
});
