import type { NodeEvent, NodeEventKind } from '../../shared/model/node-events.js';
import { formatNumber, formatPercent } from './format.js';
import { formatZonedDateTime } from './time-zone.js';

/** Each event kind in words, with a one-character symbol the timeline shows beside it (never alone). */
export const EVENT_KIND_LABELS: Record<NodeEventKind, { label: string; symbol: string; tone: 'ok' | 'error' | 'warning' | 'info' }> = {
  offline: { label: 'Went offline', symbol: '✕', tone: 'error' },
  online: { label: 'Back online', symbol: '✓', tone: 'ok' },
  'height-dropped': { label: 'Height dropped', symbol: '↓', tone: 'error' },
  'height-grew': { label: 'Height grew', symbol: '↑', tone: 'info' },
  'payout-changed': { label: 'Payout address changed', symbol: '⇄', tone: 'warning' },
  'uptime-low': { label: 'Uptime low', symbol: '!', tone: 'warning' },
  'collector-failing': { label: 'Collector failing', symbol: '✕', tone: 'error' },
  'collector-recovered': { label: 'Collector recovered', symbol: '✓', tone: 'ok' },
  'aggregation-failing': { label: 'Aggregation failing', symbol: '✕', tone: 'error' },
  'aggregation-recovered': { label: 'Aggregation recovered', symbol: '✓', tone: 'ok' },
};

const numberOf = (value: NodeEvent['detail'][string] | undefined): number | null => (typeof value === 'number' ? value : null);
const textOf = (value: NodeEvent['detail'][string] | undefined): string => (typeof value === 'string' ? value : '—');
const timeOf = (value: NodeEvent['detail'][string] | undefined, timeZone?: string): string => {
  const time = numberOf(value);
  return time === null ? '—' : formatZonedDateTime(time, timeZone);
};

/** The figures of one event in words (docs/events.md lists each kind's detail). */
export function describeEvent(event: NodeEvent, timeZone?: string): string {
  const { detail } = event;
  switch (event.kind) {
    case 'offline':
      return `last seen ${timeOf(detail.lastSeen, timeZone)}`;
    case 'online':
      return `missing since ${timeOf(detail.missedSince, timeZone)}`;
    case 'height-dropped':
    case 'height-grew':
      return `height ${formatNumber(numberOf(detail.from))} → ${formatNumber(numberOf(detail.to))}`;
    case 'payout-changed':
      return `payout ${textOf(detail.from)} → ${textOf(detail.to)}`;
    case 'uptime-low':
      return `uptime ${formatPercent(numberOf(detail.uptimePercent))} over 24 h (listed in ${formatNumber(numberOf(detail.listed))} of ${formatNumber(numberOf(detail.scrapes))} scrapes; threshold ${formatPercent(numberOf(detail.belowPercent))})`;
    case 'collector-failing':
      return `${formatNumber(numberOf(detail.failedScrapes))} failed scrapes in a row since ${timeOf(detail.failingSince, timeZone)}`;
    case 'collector-recovered':
      return `after ${formatNumber(numberOf(detail.failedScrapes))} failed scrapes since ${timeOf(detail.failingSince, timeZone)}`;
    case 'aggregation-failing':
      return textOf(detail.message);
    case 'aggregation-recovered':
      return `failing since ${timeOf(detail.failingSince, timeZone)}`;
  }
}
