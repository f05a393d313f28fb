import { InvalidArgumentError } from 'commander';
import { checkAddress } from '../../shared/address.js';
import { DEFAULT_SOURCE_URL, SERIES_POINTS_BOUNDS, type IntegerBounds } from '../../shared/defaults.js';

/**
 * One parser per kind of command-line value. Each refuses a bad value with a sentence that says
 * what is expected; commander puts it after the option and the value, so every command reports
 * the same way: `error: option '--points <n>' argument 'abc' is invalid. Expected an integer from 2 to 10000.`
 * A refused value is bad usage: the CLI exits with status 2 (usage-error.ts).
 */

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** A whole number within the bounds; no exponents, hex or blanks, which Number() would take. */
export function integerIn({ minimum, maximum }: IntegerBounds): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!INTEGER.test(value) || parsed < minimum || parsed > maximum) {
      throw new InvalidArgumentError(`Expected an integer from ${minimum} to ${maximum}.`);
    }
    return parsed;
  };
}

/** A decimal number within the bounds (a share from 0 to 1, a rate). */
export function numberIn(minimum: number, maximum: number): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!DECIMAL.test(value) || parsed < minimum || parsed > maximum) {
      throw new InvalidArgumentError(`Expected a number from ${minimum} to ${maximum}.`);
    }
    return parsed;
  };
}

/** The largest time a JavaScript Date holds. */
const MAX_EPOCH_MS = 8_640_000_000_000_000;

/** A time bound of a range, in epoch milliseconds (what the dashboard payload reports). */
export const epochMs = (value: string): number => {
  const parsed = Number(value);
  if (!INTEGER.test(value) || parsed < 0 || parsed > MAX_EPOCH_MS) {
    throw new InvalidArgumentError('Expected a time in epoch milliseconds (a whole number, 0 or more).');
  }
  return parsed;
};

/** Points per series, with the bounds the API takes for `points`. */
export const seriesPoints = integerIn(SERIES_POINTS_BOUNDS);

/** How many farmers a simulated network has online. */
export const farmerCount = integerIn({ minimum: 0, maximum: 1_000_000 });

/** An http:// or https:// URL, without trailing slashes (paths are appended to it). */
export function httpUrl(value: string): string {
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    // Reported below with the same sentence as a URL of another scheme.
  }
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new InvalidArgumentError(`Expected an http:// or https:// URL, e.g. ${DEFAULT_SOURCE_URL}.`);
  }
  return value.replace(/\/+$/, '');
}

/** Scheme, optional credentials, then at least one host (a replica set lists several, comma-separated). */
const MONGODB_URI = /^mongodb(\+srv)?:\/\/([^@/]*@)?[^@/?#\s]+([/?][^\s]*)?$/;

/** A MongoDB connection string; checked here so a typo never reaches the driver's own messages. */
export function mongodbUri(value: string): string {
  if (!MONGODB_URI.test(value)) {
    throw new InvalidArgumentError('Expected a mongodb:// or mongodb+srv:// URI with a host, e.g. mongodb://127.0.0.1/GroupB.');
  }
  return value;
}

/** A file or directory path: not blank (which would mean the working directory) and free of NUL characters. */
export function path(value: string): string {
  if (value.trim() === '' || value.includes('\0')) throw new InvalidArgumentError('Expected a file or directory path.');
  return value;
}

/** One import source: a mongodb:// URI is checked as one, anything else as a path. */
export function importSource(value: string): string {
  return /^mongodb(\+srv)?:/.test(value) ? mongodbUri(value) : path(value);
}

/** A farmer address, checked as the API checks it, so the reason names the mistake. */
export function farmerAddress(value: string): string {
  const check = checkAddress(value);
  if (!check.ok) throw new InvalidArgumentError(`Expected a farmer address: ${check.detail}.`);
  return value;
}
