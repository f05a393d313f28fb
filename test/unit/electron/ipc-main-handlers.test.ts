import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.js';
import type { IpcResponse } from '../../../shared/ipc-contract.js';
import type { EngineChannel } from '../../../main/electron/engine-host/protocol.js';
import { desktopIpcHandlers } from '../../../main/electron/ipc-main-handlers.js';
import { isAllowedExternalUrl } from '../../../main/electron/window-security.js';

/** Records what reaches the engine host and answers with a prepared envelope. */
function engineAnswering(response: IpcResponse<EngineChannel>) {
  const requests: [EngineChannel, unknown[]][] = [];
  return {
    requests,
    apiBaseUrl: 'http://127.0.0.1:7780',
    request: async <C extends EngineChannel>(channel: C, args: unknown[]) => {
      requests.push([channel, args]);
      return response as IpcResponse<C>;
    },
  };
}

const services = (opened: string[]) => ({
  pickImportSource: async () => null,
  openExternal: async (url: string) => isAllowedExternalUrl(url) && opened.push(url) > 0,
  openLogsFolder: async () => void opened.push('logs folder'),
});

describe('desktop IPC handlers', () => {
  it('forward engine channels to the engine host with their arguments and unwrap the answer', async () => {
    const engine = engineAnswering({ ok: true, value: [] });
    const handlers = desktopIpcHandlers(engine, services([]));
    expect(await handlers['address:summary']('1BoatSLRHtKNngkdXEeobR76b53LETtpyT')).toEqual([]);
    expect(engine.requests).toEqual([['address:summary', ['1BoatSLRHtKNngkdXEeobR76b53LETtpyT']]]);
  });

  it('rethrow the engine host error envelope as the same AppError', async () => {
    const handlers = desktopIpcHandlers(engineAnswering({ ok: false, error: { code: 'unavailable', message: 'restarting' } }), services([]));
    await expect(handlers['status:get']()).rejects.toEqual(new AppError('unavailable', 'restarting'));
  });

  it('open only http(s) links and refuse the rest as forbidden', async () => {
    const opened: string[] = [];
    const handlers = desktopIpcHandlers(engineAnswering({ ok: true, value: null }), services(opened));
    await handlers['shell:open-external']('https://storj.io/');
    await expect(handlers['shell:open-external']('file:///etc/passwd')).rejects.toMatchObject({ code: 'forbidden' });
    expect(opened).toEqual(['https://storj.io/']);
  });

  it('open the logs folder in the main process, never asking the engine host', async () => {
    const opened: string[] = [];
    const engine = engineAnswering({ ok: true, value: null });
    await desktopIpcHandlers(engine, services(opened))['shell:open-logs-folder']();
    expect(opened).toEqual(['logs folder']);
    expect(engine.requests).toEqual([]);
  });

  it('answer the API address from the main process', async () => {
    const handlers = desktopIpcHandlers(engineAnswering({ ok: true, value: null }), services([]));
    expect(await handlers['api:base-url']()).toBe('http://127.0.0.1:7780');
  });
});
