import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { AppError, toErrorEnvelope } from '../../../shared/errors.js';
import type { IpcChannelName, IpcInvokeMap, IpcResponse } from '../../../shared/ipc-contract.js';
import { IpcArgumentParsers } from './ipc-arguments.js';

/**
 * The main-process side of the IPC contract. A handler is typed from `IpcInvokeMap` and only ever
 * sees validated arguments; whatever it returns or throws crosses as an `IpcResponse` envelope.
 * This module imports Electron's types only, so the envelope logic is tested as plain functions.
 */
export type IpcHandler<C extends IpcChannelName> = (
  ...args: IpcInvokeMap[C]['args']
) => IpcInvokeMap[C]['result'] | Promise<IpcInvokeMap[C]['result']>;

export type IpcHandlers = { readonly [C in IpcChannelName]: IpcHandler<C> };

export type ErrorReporter = (channel: IpcChannelName, error: unknown) => void;

/** Validates, calls, wraps: the whole life of one request, independent of Electron. */
export function createIpcResponder<C extends IpcChannelName>(
  channel: C,
  handler: IpcHandler<C>,
  reportUnexpected: ErrorReporter,
): (rawArgs: readonly unknown[]) => Promise<IpcResponse<C>> {
  const parse = IpcArgumentParsers[channel];
  return async (rawArgs) => {
    try {
      const args = parse(rawArgs);
      const value = await handler(...args);
      return { ok: true, value };
    } catch (error) {
      // Expected failures carry their code; anything else is logged here and reaches the page as a bare `internal`.
      if (!(error instanceof AppError)) reportUnexpected(channel, error);
      return { ok: false, ...toErrorEnvelope(error) };
    }
  };
}

export type IpcRegistrar = Pick<IpcMain, 'handle' | 'removeHandler'>;

/** Decides whether a request comes from our own page (not from a frame that slipped in). */
export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

export function ipcHandle<C extends IpcChannelName>(
  registrar: IpcRegistrar,
  channel: C,
  handler: IpcHandler<C>,
  isTrustedSender: SenderCheck,
  reportUnexpected: ErrorReporter,
): void {
  const respond = createIpcResponder(channel, handler, reportUnexpected);
  registrar.handle(channel, async (event, ...rawArgs: unknown[]): Promise<IpcResponse<C>> => {
    if (!isTrustedSender(event)) {
      return { ok: false, error: { code: 'forbidden', message: `${channel}: request from an untrusted frame refused` } };
    }
    return respond(rawArgs);
  });
}

/** Registers every channel of the contract; the mapped type makes a missing handler a compile error. */
export function ipcHandleAll(
  registrar: IpcRegistrar,
  handlers: IpcHandlers,
  isTrustedSender: SenderCheck,
  reportUnexpected: ErrorReporter,
): () => void {
  const channels = Object.keys(handlers) as IpcChannelName[];
  for (const channel of channels) {
    registerOne(registrar, channel, handlers, isTrustedSender, reportUnexpected);
  }
  return () => {
    for (const channel of channels) registrar.removeHandler(channel);
  };
}

function registerOne<C extends IpcChannelName>(
  registrar: IpcRegistrar,
  channel: C,
  handlers: IpcHandlers,
  isTrustedSender: SenderCheck,
  reportUnexpected: ErrorReporter,
): void {
  ipcHandle(registrar, channel, handlers[channel], isTrustedSender, reportUnexpected);
}
