/**
 * Short descriptions of untrusted values for rejection examples and error messages. They never
 * walk into a value (a payload entry may be nested 100,000 levels deep, or hold a 6 MB array), so
 * their cost and length are bounded whatever the status server sends; sizes are reported instead.
 */

/** Longest string quoted in full; longer ones are cut and their length is given. */
const MAX_QUOTED_CHARACTERS = 40;
/** How many of an object's keys are named. */
const MAX_NAMED_KEYS = 5;

function quote(text: string): string {
  if (text.length <= MAX_QUOTED_CHARACTERS) return JSON.stringify(text);
  return `${JSON.stringify(`${text.slice(0, MAX_QUOTED_CHARACTERS)}…`)} (${text.length.toLocaleString('en-US')} characters)`;
}

function countOf(count: number, noun: string): string {
  return `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;
}

/** What an entry's field holds: the value itself when it is small and flat, else its kind and size. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (typeof value === 'string') return quote(value);
  if (Array.isArray(value)) return `an array of ${countOf(value.length, 'item')}`;
  if (typeof value === 'object') return describeShape(value);
  return String(value);
}

/** What a payload is, for "expected …, got …" messages. */
export function describeShape(value: unknown): string {
  if (Array.isArray(value)) return `an array of ${countOf(value.length, 'item')}`;
  if (value === null) return 'null';
  if (typeof value !== 'object') return `a ${typeof value}`;
  const keys = Object.keys(value);
  if (keys.length === 0) return 'an empty object';
  const named = keys.slice(0, MAX_NAMED_KEYS).map(quote).join(', ');
  const more = keys.length > MAX_NAMED_KEYS ? ` and ${countOf(keys.length - MAX_NAMED_KEYS, 'more key')}` : '';
  return `an object with keys ${named}${more}`;
}
