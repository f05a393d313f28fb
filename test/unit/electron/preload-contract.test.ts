import { describe, expect, expectTypeOf, it } from 'vitest';
import type { IpcChannelName, IpcInvokeMap, IpcResponse } from '../../../shared/ipc-contract.js';
import type { EngineEvent } from '../../../shared/model/events.js';
import { AppError } from '../../../shared/errors.js';
import {
  BridgeMethodChannel,
  unwrapIpcResponse,
  type BridgeMethodName,
  type DriveshareBridge,
} from '../../../shared/preload-api.js';
import { IpcArgumentParsers } from '../../../main/electron/ipc/ipc-arguments.js';

/**
 * The preload's shape is checked by the compiler (`tsc -p tsconfig.json` type-checks the
 * expectTypeOf lines); the runtime assertions pin the channel table the preload binds its methods from.
 */
/** Every channel at run time: the argument parsers' table, which the compiler keeps complete. */
const contractChannels = Object.keys(IpcArgumentParsers).sort();

describe('the IPC contract', () => {
  it('names channels domain:action', () => {
    expectTypeOf<IpcChannelName>().toEqualTypeOf<keyof IpcInvokeMap>();
    for (const channel of contractChannels) expect(channel).toMatch(/^[a-z]+:[a-z-]+$/);
  });
});

describe('the preload bridge', () => {
  it('maps every channel to exactly one named function', () => {
    expectTypeOf<(typeof BridgeMethodChannel)[BridgeMethodName]>().toEqualTypeOf<keyof IpcInvokeMap>();
    const channels = Object.values(BridgeMethodChannel);
    expect(new Set(channels).size).toBe(channels.length);
    expect([...channels].sort()).toEqual(contractChannels);
  });

  it('types each function from IpcInvokeMap: its arguments in, its envelope out', () => {
    expectTypeOf<DriveshareBridge['network']>().parameters.toEqualTypeOf<IpcInvokeMap['network:get']['args']>();
    expectTypeOf<DriveshareBridge['network']>().returns.toEqualTypeOf<Promise<IpcResponse<'network:get'>>>();
    expectTypeOf<DriveshareBridge['addressDetail']>().parameters.toEqualTypeOf<[address: string, days?: number]>();
    expectTypeOf<DriveshareBridge['summary']>().returns.resolves.toEqualTypeOf<IpcResponse<'address:summary'>>();
    expectTypeOf<DriveshareBridge['status']>().parameters.toEqualTypeOf<[]>();
    expectTypeOf<DriveshareBridge['updateSettings']>().parameters.toEqualTypeOf<IpcInvokeMap['settings:update']['args']>();
    expectTypeOf<DriveshareBridge['startImport']>().returns.resolves.toEqualTypeOf<IpcResponse<'import:start'>>();
    expectTypeOf<DriveshareBridge['openExternal']>().parameters.toEqualTypeOf<[url: string]>();
    expectTypeOf<DriveshareBridge['heartbeat']>().parameters.toEqualTypeOf<IpcInvokeMap['address:heartbeat']['args']>();
    expectTypeOf<DriveshareBridge['eventHistory']>().returns.resolves.toEqualTypeOf<IpcResponse<'events:history'>>();
    expectTypeOf<DriveshareBridge['alertDeliveries']>().parameters.toEqualTypeOf<IpcInvokeMap['alerts:deliveries']['args']>();
    expectTypeOf<DriveshareBridge['testAlertChannel']>().parameters.toEqualTypeOf<[channel: string]>();
    expectTypeOf<DriveshareBridge['testAlertChannel']>().returns.resolves.toEqualTypeOf<IpcResponse<'alerts:test'>>();
    expectTypeOf<DriveshareBridge['openLogsFolder']>().returns.resolves.toEqualTypeOf<IpcResponse<'shell:open-logs-folder'>>();
  });

  it('exposes subscriptions only as onEvent, which returns its unsubscribe', () => {
    expectTypeOf<DriveshareBridge['onEvent']>().parameters.toEqualTypeOf<[listener: (event: EngineEvent) => void]>();
    expectTypeOf<DriveshareBridge['onEvent']>().returns.toEqualTypeOf<() => void>();
    expectTypeOf<keyof DriveshareBridge>().toEqualTypeOf<BridgeMethodName | 'onEvent'>();
  });
});

describe('rebuilding errors from the envelope', () => {
  it('returns the value of a successful response', () => {
    expect(unwrapIpcResponse<'api:base-url'>({ ok: true, value: 'http://127.0.0.1:7780' })).toBe('http://127.0.0.1:7780');
  });

  it('throws an AppError with the code and message of the envelope', () => {
    const call = () => unwrapIpcResponse<'address:summary'>({ ok: false, error: { code: 'invalid_address', message: 'bad checksum' } });
    expect(call).toThrow(AppError);
    expect(call).toThrow('bad checksum');
    try {
      call();
    } catch (error) {
      expect((error as AppError).code).toBe('invalid_address');
    }
  });

  it('degrades an unknown code from a newer main process to internal', () => {
    try {
      unwrapIpcResponse<'status:get'>({ ok: false, error: { code: 'brand_new', message: 'x' } });
      expect.unreachable();
    } catch (error) {
      expect((error as AppError).code).toBe('internal');
    }
  });
});
