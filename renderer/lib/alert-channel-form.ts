import { ALERT_TELEGRAM_DEFAULT_BASE_URL } from '../../shared/defaults.js';
import type { AlertChannel, AlertChannelKind, QuietHours } from '../../shared/model/alerts.js';
import type { NodeEventKind } from '../../shared/model/node-events.js';

/**
 * The Settings form of one alert channel: its fields per kind (shared/model/alerts.ts), a draft
 * of plain strings and booleans that inputs can bind to, and the channel built back from it. A
 * secret comes from the settings API masked; sent back unchanged, the engine keeps the stored one.
 */
export type FieldType = 'text' | 'secret' | 'number' | 'list' | 'select' | 'checkbox';

export interface FieldSpec {
  key: string;
  label: string;
  type: FieldType;
  required: boolean;
  options?: readonly string[];
  hint?: string;
}

const secret = (key: string, label: string, required: boolean): FieldSpec => ({ key, label, type: 'secret', required });

export const CHANNEL_FIELDS: { readonly [K in AlertChannelKind]: readonly FieldSpec[] } = {
  desktop: [],
  webhook: [secret('url', 'URL', true), secret('hmacSecret', 'HMAC secret (signs the body)', false)],
  ntfy: [
    { key: 'url', label: 'Topic URL', type: 'text', required: true, hint: 'e.g. https://ntfy.sh/my-nodes' },
    secret('token', 'Access token', false),
    { key: 'priority', label: 'Priority (1–5)', type: 'number', required: false },
    { key: 'tags', label: 'Tags (comma-separated)', type: 'list', required: false },
  ],
  discord: [secret('url', 'Incoming webhook URL', true)],
  slack: [secret('url', 'Incoming webhook URL', true)],
  telegram: [
    secret('botToken', 'Bot token', true),
    { key: 'chatId', label: 'Chat id', type: 'text', required: true, hint: 'numeric id or @channelusername' },
    { key: 'baseUrl', label: 'Bot API base URL', type: 'text', required: false, hint: `default ${ALERT_TELEGRAM_DEFAULT_BASE_URL}` },
  ],
  email: [
    { key: 'host', label: 'SMTP host', type: 'text', required: true },
    { key: 'port', label: 'Port', type: 'number', required: true },
    { key: 'security', label: 'Security', type: 'select', required: true, options: ['starttls', 'tls', 'none'] },
    { key: 'user', label: 'User', type: 'text', required: false },
    secret('password', 'Password', false),
    { key: 'from', label: 'From', type: 'text', required: true },
    { key: 'to', label: 'To (comma-separated, up to 20)', type: 'list', required: true },
    { key: 'allowSelfSignedCertificate', label: 'Accept a self-signed certificate (test servers only)', type: 'checkbox', required: false },
  ],
};

export const CHANNEL_KIND_LABELS: Record<AlertChannelKind, string> = {
  desktop: 'Desktop notification',
  webhook: 'Webhook (JSON POST)',
  ntfy: 'ntfy',
  discord: 'Discord',
  slack: 'Slack',
  telegram: 'Telegram',
  email: 'E-mail (SMTP)',
};

export const NODE_RULE_KINDS: readonly NodeEventKind[] = [
  'offline',
  'online',
  'height-dropped',
  'height-grew',
  'payout-changed',
  'uptime-low',
  'collector-failing',
  'collector-recovered',
  'aggregation-failing',
  'aggregation-recovered',
];

export interface ChannelDraft {
  id: string;
  name: string;
  kind: AlertChannelKind;
  enabled: boolean;
  rules: NodeEventKind[];
  quiet: boolean;
  quietHours: QuietHours;
  fields: Record<string, string | boolean>;
}

const DEFAULT_QUIET: QuietHours = { start: '22:00', end: '07:00', timeZone: 'UTC' };

/** A fresh channel of `kind` with an id no other channel has. */
export function newDraft(kind: AlertChannelKind, takenIds: readonly string[], timeZone = 'UTC'): ChannelDraft {
  let number = 1;
  while (takenIds.includes(`${kind}-${number}`)) number += 1;
  const fields: Record<string, string | boolean> = {};
  for (const field of CHANNEL_FIELDS[kind]) fields[field.key] = field.type === 'checkbox' ? false : '';
  if (kind === 'email') Object.assign(fields, { port: '587', security: 'starttls' });
  return { id: `${kind}-${number}`, name: `${CHANNEL_KIND_LABELS[kind]} ${number}`, kind, enabled: true, rules: ['offline', 'online'], quiet: false, quietHours: { ...DEFAULT_QUIET, timeZone }, fields };
}

function fieldText(value: unknown): string | boolean {
  if (typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.join(', ');
  return value === undefined || value === null ? '' : String(value);
}

/** The draft of a stored channel: its values as the inputs show them (secrets as the API masked them). */
export function draftFrom(channel: AlertChannel): ChannelDraft {
  const stored = channel as unknown as Record<string, unknown>;
  const fields: Record<string, string | boolean> = {};
  for (const field of CHANNEL_FIELDS[channel.kind]) fields[field.key] = field.type === 'checkbox' ? stored[field.key] === true : fieldText(stored[field.key]) as string;
  return {
    id: channel.id,
    name: channel.name,
    kind: channel.kind,
    enabled: channel.enabled,
    rules: [...channel.rules],
    quiet: channel.quietHours !== undefined,
    quietHours: { ...(channel.quietHours ?? DEFAULT_QUIET) },
    fields,
  };
}

const splitList = (text: string): string[] => text.split(/[,\n]/).map((item) => item.trim()).filter((item) => item !== '');

function fieldValue(field: FieldSpec, raw: string | boolean): { value?: unknown; problem?: string } {
  if (field.type === 'checkbox') return raw === true ? { value: true } : {};
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (text === '') return field.required ? { problem: `${field.label}: required` } : {};
  if (field.type === 'number') {
    const number = Number(text);
    return Number.isInteger(number) ? { value: number } : { problem: `${field.label}: must be a whole number, not "${text}"` };
  }
  return { value: field.type === 'list' ? splitList(text) : text };
}

/** The channel the settings PUT receives, or what is wrong with the draft (the engine checks the rest). */
export function channelFromDraft(draft: ChannelDraft): { channel: AlertChannel; problems: [] } | { channel: null; problems: string[] } {
  const problems: string[] = [];
  if (draft.name.trim() === '') problems.push('Name: required');
  const built: Record<string, unknown> = { id: draft.id, name: draft.name.trim(), kind: draft.kind, enabled: draft.enabled, rules: [...draft.rules] };
  if (draft.quiet) built.quietHours = { ...draft.quietHours };
  for (const field of CHANNEL_FIELDS[draft.kind]) {
    const result = fieldValue(field, draft.fields[field.key] ?? '');
    if (result.problem !== undefined) problems.push(result.problem);
    else if (result.value !== undefined) built[field.key] = result.value;
  }
  return problems.length > 0 ? { channel: null, problems } : { channel: built as unknown as AlertChannel, problems: [] };
}
