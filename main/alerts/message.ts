import { ALERT_MESSAGE_MAX_LINES } from '../../shared/defaults.js';
import type { AlertChannel } from '../../shared/model/alerts.js';
import type { NodeEvent, NodeEventKind } from '../../shared/model/node-events.js';

/**
 * The words of an alert, the same for every channel: a title, one line per event (up to a cap,
 * then "and N more"), and the events themselves for the channels that carry data (webhook).
 * Titles are plain ASCII because ntfy sends them as an HTTP header.
 */
export interface AlertMessage {
  type: 'alert' | 'test';
  title: string;
  lines: string[];
  /** Events counted but not listed in `lines`. */
  more: number;
  events: NodeEvent[];
  channel: { id: string; name: string };
}

const WHAT: Record<NodeEventKind, string> = {
  offline: 'went offline',
  online: 'is back online',
  'height-dropped': 'height dropped (data lost)',
  'height-grew': 'height grew',
  'payout-changed': 'payout address changed',
  'uptime-low': 'uptime over the last 24 h is low',
  'collector-failing': 'The collector is failing',
  'collector-recovered': 'The collector recovered',
  'aggregation-failing': 'The aggregation is failing',
  'aggregation-recovered': 'The aggregation recovered',
};

function detailText(detail: NodeEvent['detail']): string {
  const entries = Object.entries(detail).filter(([, value]) => value !== null);
  if (entries.length === 0) return '';
  if ('from' in detail && 'to' in detail) return ` (${String(detail.from)} -> ${String(detail.to)})`;
  return ` (${entries.map(([key, value]) => `${key} ${String(value)}`).join(', ')})`;
}

export function describeEvent(event: NodeEvent): string {
  const what = WHAT[event.kind];
  const subject = event.address === null ? what : `${event.address} ${what}`;
  return `${subject}${detailText(event.detail)} at ${new Date(event.time).toISOString()}`;
}

function titleOf(events: readonly NodeEvent[]): string {
  const first = events[0]!;
  if (events.length === 1) return event1Title(first);
  const kinds = new Set(events.map((event) => event.kind));
  if (kinds.size === 1 && first.address !== null) return `${events.length} nodes: ${WHAT[first.kind]}`;
  return `${events.length} node events`;
}

function event1Title(event: NodeEvent): string {
  if (event.address === null) return WHAT[event.kind];
  return `${event.address.slice(0, 8)}... ${WHAT[event.kind]}`;
}

export function composeAlert(channel: AlertChannel, events: readonly NodeEvent[], maxLines = ALERT_MESSAGE_MAX_LINES): AlertMessage {
  const listed = events.slice(0, maxLines).map(describeEvent);
  return {
    type: 'alert',
    title: `driveshare-graph: ${titleOf(events)}`,
    lines: listed,
    more: Math.max(events.length - maxLines, 0),
    events: [...events],
    channel: { id: channel.id, name: channel.name },
  };
}

export function composeTest(channel: AlertChannel, now: number): AlertMessage {
  return {
    type: 'test',
    title: 'driveshare-graph: test message',
    lines: [`This is a test of the alert channel "${channel.name}" (${channel.kind}), sent at ${new Date(now).toISOString()}.`],
    more: 0,
    events: [],
    channel: { id: channel.id, name: channel.name },
  };
}

/** The body text: the lines, then how many were left out. */
export function messageText(message: AlertMessage): string {
  const more = message.more > 0 ? [`and ${message.more} more`] : [];
  return [...message.lines, ...more].join('\n');
}

/** Text cut to a receiver's limit, saying it was cut. */
export function fitText(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const marker = '\n[cut]';
  return `${text.slice(0, limit - marker.length)}${marker}`;
}
