import { PRESET_LABELS, type RangePreset, type RangeSelection } from './range.js';

/** The dashboard's routes in the location hash (`#/view/parameter`): pure, so the boot code can read them before the app loads. */
export const VIEWS = ['network', 'address', 'watched', 'import', 'settings'] as const;
export type ViewName = (typeof VIEWS)[number];

export interface Route {
  view: ViewName;
  /** e.g. the address in `#/address/1A1zP1…` */
  parameter: string | null;
}

/** `#/address/1abc` → { view: 'address', parameter: '1abc' }; anything unknown is the network view. */
export function parseHash(hash: string): Route {
  const [name = '', ...rest] = hash.replace(/^#\/?/, '').split('/');
  const view = (VIEWS as readonly string[]).includes(name) ? (name as ViewName) : 'network';
  const parameter = rest.length > 0 && rest.join('/') !== '' ? decodeURIComponent(rest.join('/')) : null;
  return { view, parameter };
}

export function routeHash(view: ViewName, parameter: string | null = null): string {
  return parameter === null ? `#/${view}` : `#/${view}/${encodeURIComponent(parameter)}`;
}

/**
 * The network view's range as the route's parameter, so a window can be bookmarked:
 * `#/network/7d`, or `#/network/2015-11-09T00:00Z..2015-11-12T00:00Z` for a custom one (UTC, ISO 8601).
 */
export function rangeParameter(selection: RangeSelection): string {
  if (selection.preset !== 'custom' || selection.from === undefined || selection.to === undefined) return selection.preset;
  const iso = (epochMs: number) => new Date(epochMs).toISOString().replace(/:00\.000Z$/, 'Z');
  return `${iso(selection.from)}..${iso(selection.to)}`;
}

/** The range a route parameter names, or null when it names none (then the remembered range stays). */
export function parseRangeParameter(parameter: string | null): RangeSelection | null {
  if (parameter === null) return null;
  if (parameter !== 'custom' && parameter in PRESET_LABELS) return { preset: parameter as RangePreset };
  const [fromText, toText, ...rest] = parameter.split('..');
  if (fromText === undefined || toText === undefined || rest.length > 0) return null;
  const from = Date.parse(fromText);
  const to = Date.parse(toText);
  if (!Number.isFinite(from) || !Number.isFinite(to) || from >= to) return null;
  return { preset: 'custom', from, to };
}
