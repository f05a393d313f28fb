import { AppError } from '../../../shared/errors.js';
import type { IpcChannelName, IpcInvokeMap } from '../../../shared/ipc-contract.js';
import {
  parseAddress,
  parseAddressListQuery,
  parseAlertChannelRef,
  parseAlertDeliveriesQuery,
  parseDays,
  parseEventHistoryQuery,
  parseHeartbeatHours,
  parseImportId,
  parseImportRequest,
  parseNetworkQuery,
  parseSettingsPatch,
  parseSourceUrl,
} from '../../handlers/validation.js';

/**
 * Argument checks for every IPC channel. They call the very parsers the HTTP routes use
 * (main/handlers/validation.ts), so the desktop and the local API accept and refuse the same
 * values with the same messages. The renderer is untrusted: arguments arrive as `unknown[]`.
 */
export type ArgumentParser<C extends IpcChannelName> = (args: readonly unknown[]) => IpcInvokeMap[C]['args'];

type ValueParser<T> = (value: unknown) => T;

/** Structured clone turns an omitted optional argument into a trailing `undefined`; treat both the same. */
function withoutTrailingUndefined(args: readonly unknown[]): readonly unknown[] {
  let length = args.length;
  while (length > 0 && args[length - 1] === undefined) length -= 1;
  return args.slice(0, length);
}

function checkArity(channel: IpcChannelName, args: readonly unknown[], required: number, allowed: number): void {
  if (args.length < required || args.length > allowed) {
    const expected = required === allowed ? `${required}` : `${required} to ${allowed}`;
    throw new AppError('bad_request', `${channel}: expected ${expected} argument(s), got ${args.length}`);
  }
}

function noArguments<C extends IpcChannelName>(channel: C): ArgumentParser<C> {
  return (args) => {
    checkArity(channel, withoutTrailingUndefined(args), 0, 0);
    return [] as IpcInvokeMap[C]['args'];
  };
}

function oneArgument<C extends IpcChannelName>(
  channel: C,
  parse: ValueParser<IpcInvokeMap[C]['args'][0]>,
  optional = false,
): ArgumentParser<C> {
  return (args) => {
    const present = withoutTrailingUndefined(args);
    checkArity(channel, present, optional ? 0 : 1, 1);
    return [parse(present[0])] as IpcInvokeMap[C]['args'];
  };
}

/** Any string for the external-link helper: the allow-list decision is window-security's job, not a schema's. */
function parseLinkUrl(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 4096) {
    throw new AppError('bad_request', 'url: must be a string of 1 to 4096 characters');
  }
  return value;
}

export const IpcArgumentParsers: { readonly [C in IpcChannelName]: ArgumentParser<C> } = {
  // The query is optional on the wire (undefined means "defaults") exactly as over HTTP.
  'network:get': oneArgument('network:get', parseNetworkQuery, true),
  'address:summary': oneArgument('address:summary', parseAddress),
  'address:detail': (args) => {
    const present = withoutTrailingUndefined(args);
    checkArity('address:detail', present, 1, 2);
    const address = parseAddress(present[0]);
    return present.length === 2 ? [address, parseDays(present[1])] : [address];
  },
  'address:list': oneArgument('address:list', parseAddressListQuery, true),
  'address:heartbeat': (args) => {
    const present = withoutTrailingUndefined(args);
    checkArity('address:heartbeat', present, 1, 2);
    const address = parseAddress(present[0]);
    return present.length === 2 ? [address, parseHeartbeatHours(present[1])] : [address];
  },
  'events:history': oneArgument('events:history', parseEventHistoryQuery, true),
  'alerts:deliveries': oneArgument('alerts:deliveries', parseAlertDeliveriesQuery, true),
  'alerts:test': oneArgument('alerts:test', parseAlertChannelRef),
  'status:get': noArguments('status:get'),
  'settings:get': noArguments('settings:get'),
  'settings:update': oneArgument('settings:update', parseSettingsPatch),
  'source:test': oneArgument('source:test', parseSourceUrl),
  'import:start': oneArgument('import:start', parseImportRequest),
  'import:cancel': oneArgument('import:cancel', parseImportId),
  'import:status': noArguments('import:status'),
  'dialog:pick-import-source': noArguments('dialog:pick-import-source'),
  'shell:open-external': oneArgument('shell:open-external', parseLinkUrl),
  'shell:open-logs-folder': noArguments('shell:open-logs-folder'),
  'api:base-url': noArguments('api:base-url'),
};
