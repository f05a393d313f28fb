import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanOnlineBody, type AddressHints, type OnlineColumns } from '../../../bench/online-column-scan.js';
import { PayloadValidator } from '../../../main/collector/validate-payload.js';
import { SimulatedNetwork } from '../../../main/simulator/network-model.js';
import { renderOnline } from '../../../main/simulator/server.js';
import { encodeAddress } from '../../../shared/address.js';

/**
 * The column scan the collect benchmark times against JSON.parse must read exactly what JSON.parse
 * and the validator read, or decline: a body it takes gives, column by column, the entries
 * JSON.parse gives, and the validator's verdicts on them (kept farmers, rejections and their
 * messages, duplicates, notes) are the same; a body it declines is one the JSON.parse path handles.
 */

const NETWORK_DB = resolve('../shared/fixtures/driveshare-2015/network.db');
const fixturePresent = existsSync(NETWORK_DB);
if (!fixturePresent) console.log(`column scan on real 2015 addresses: SKIPPED, ${NETWORK_DB} is absent`);

const hashOf = (seed: number, length: number): Uint8Array => Uint8Array.from({ length }, (_, index) => (seed * 131 + index * 17 + 7) & 0xff);
const VALID = Array.from({ length: 12 }, (_, seed) => encodeAddress(seed % 3 === 0 ? 0x05 : 0x00, hashOf(seed, 20)));
/** Valid but unusual (kept with a note), then the kinds the validator rejects with a reason. */
const ODD = [
  encodeAddress(0x00, hashOf(90, 19)),
  `${VALID[0]!.slice(0, -1)}${VALID[0]!.endsWith('a') ? 'b' : 'a'}`,
  'LVg2kJoFNg45Nbpy53h7Fe1wKyeXVRhMH9',
  '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNV0',
  '1',
  'x y',
  'é',
];

interface Entry {
  btc_addr: string;
  payout_addr: string;
  last_seen: number;
  height: number;
}

const FIELDS = ['btc_addr', 'payout_addr', 'last_seen', 'height'] as const;

/** Ways to spoil one entry's text so that the scan must decline the body (JSON.parse may or may not accept it). */
const SPOILS = {
  'extra key': (members: string[]) => [...members, '"note":1'],
  'missing key': (members: string[]) => members.slice(1),
  'repeated key': (members: string[]) => [...members, members[0]!],
  'escape in a string': (members: string[]) => members.map((member) => member.replace(/^("btc_addr":\s*")(.)/, (_, head: string, first: string) => `${head}\\u00${first.charCodeAt(0).toString(16)}`)),
  'escaped slash': (members: string[]) => members.map((member) => member.replace(/^("payout_addr":\s*")/, '$1\\/')),
  exponent: (members: string[]) => members.map((member) => member.replace(/^("height":\s*)(\d+)/, '$1$2e0')),
  fraction: (members: string[]) => members.map((member) => member.replace(/^("last_seen":\s*)(\d+)/, '$1$2.0')),
  'negative zero': (members: string[]) => members.map((member) => member.replace(/^("height":\s*)\d+/, '$1-0')),
  negative: (members: string[]) => members.map((member) => member.replace(/^("last_seen":\s*)\d+/, '$1-4')),
  'leading zero': (members: string[]) => members.map((member) => member.replace(/^("height":\s*)(\d+)/, '$1007')),
  'height out of range': (members: string[]) => members.map((member) => member.replace(/^("height":\s*)\d+/, '$1200000')),
  'last_seen out of range': (members: string[]) => members.map((member) => member.replace(/^("last_seen":\s*)\d+/, '$12147483648')),
  'number as a string': (members: string[]) => members.map((member) => member.replace(/^("height":\s*)(\d+)/, '$1"$2"')),
  'null value': (members: string[]) => members.map((member) => member.replace(/^("payout_addr":\s*)"[^"]*"/, '$1null')),
  'empty address': (members: string[]) => members.map((member) => member.replace(/^("btc_addr":\s*)"[^"]*"/, '$1""')),
  'address too long': (members: string[]) => members.map((member) => member.replace(/^("btc_addr":\s*)"[^"]*"/, `$1"${'1'.repeat(36)}"`)),
  'control character': (members: string[]) => members.map((member) => member.replace(/^("btc_addr":\s*")/, '$1\t')),
} as const;
type Spoil = keyof typeof SPOILS;

/** Whole-body spoils: the scan must decline them all. */
const BODY_SPOILS: Record<string, (body: string) => string> = {
  'extra top-level key': (body) => body.replace(/\}\s*$/, ',"count":3}'),
  'entry not an object': (body) => body.replace('"farmers"', '"farmers": [5], "x"'),
  'farmers not an array': () => '{"farmers": {"count": 3}}',
  'trailing text': (body) => `${body} x`,
  'byte order mark': (body) => `\ufeff${body}`,
  'not JSON': () => '<html><body>502 Bad Gateway</body></html>',
  empty: () => '',
};

interface BodySpec {
  entries: Entry[];
  /** Per entry: the order of its four fields. */
  orders: number[][];
  /** Whitespace put after each structural token, cycling. */
  gaps: string[];
  spoil: { at: number; kind: Spoil } | null;
}

function render(spec: BodySpec): string {
  let gap = 0;
  const space = (): string => spec.gaps[gap++ % spec.gaps.length]!;
  const entries = spec.entries.map((entry, index) => {
    let members = spec.orders[index]!.map((field) => {
      const name = FIELDS[field]!;
      return `"${name}":${space()}${JSON.stringify(entry[name])}`;
    });
    if (spec.spoil?.at === index) members = SPOILS[spec.spoil.kind](members);
    return `{${space()}${members.join(`,${space()}`)}${space()}}`;
  });
  return `${space()}{${space()}"farmers"${space()}:${space()}[${space()}${entries.join(`${space()},${space()}`)}${space()}]${space()}}${space()}`;
}

const address = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...VALID) }, { weight: 1, arbitrary: fc.constantFrom(...ODD) });
const entry = fc.record({
  btc_addr: address,
  payout_addr: address,
  last_seen: fc.oneof(fc.integer({ min: 0, max: 600 }), fc.constant(2_147_483_647)),
  height: fc.oneof(fc.integer({ min: 0, max: 199_999 }), fc.constantFrom(0, 199_999)),
});
const order = fc.shuffledSubarray([0, 1, 2, 3], { minLength: 4, maxLength: 4 });
const bodySpec = (spoiled: boolean): fc.Arbitrary<BodySpec> =>
  fc.array(entry, { minLength: spoiled ? 1 : 0, maxLength: 30 }).chain((entries) =>
    fc.record({
      entries: fc.constant(entries),
      orders: fc.array(order, { minLength: entries.length, maxLength: entries.length }),
      gaps: fc.array(fc.constantFrom('', '', '', ' ', '\n  ', '\t', '\r\n'), { minLength: 1, maxLength: 5 }),
      spoil: spoiled
        ? fc.record({ at: fc.integer({ min: 0, max: entries.length - 1 }), kind: fc.constantFrom(...(Object.keys(SPOILS) as Spoil[])) })
        : fc.constant(null),
    }),
  );

function rowsOf(columns: OnlineColumns): Entry[] {
  return Array.from({ length: columns.count }, (_, i) => ({
    btc_addr: columns.btcAddr[i]!,
    payout_addr: columns.payoutAddr[i]!,
    last_seen: columns.lastSeen[i]!,
    height: columns.height[i]!,
  }));
}

function hintsFrom(columns: OnlineColumns): AddressHints {
  const entries = columns.btcAddr.map((btc, i) => ({ address: btc, payout: columns.payoutAddr[i] === btc ? null : columns.payoutAddr[i]! }));
  const at = new Map(entries.map((expected, i) => [expected.address, i]));
  return { entries, indexOf: (value) => at.get(value) ?? -1 };
}

/** What the current path reads from `text`: the parsed entries and the validator's verdicts, or its error. */
function currentPath(text: string): { entries: unknown[]; verdict: ReturnType<PayloadValidator['validateOnline']> } | { error: string } {
  try {
    const parsed = JSON.parse(text) as unknown;
    const verdict = new PayloadValidator().validateOnline(parsed);
    return { entries: (parsed as { farmers: unknown[] }).farmers, verdict };
  } catch (error) {
    return { error: String(error) };
  }
}

/** The scan agrees with the current path on `text`, or declines it. Returns whether it took it. */
function expectAgreement(text: string): boolean {
  const columns = scanOnlineBody(text);
  if (columns === null) return false;
  const current = currentPath(text);
  if ('error' in current) throw new Error(`the scan took a body the current path refuses (${current.error}): ${text.slice(0, 200)}`);
  // Same entries, each with exactly the four fields and the same values, in the same order.
  expect(rowsOf(columns)).toStrictEqual(current.entries);
  // So the validator, fed the scanned rows, gives the same verdicts and messages.
  expect(new PayloadValidator().validateOnline({ farmers: rowsOf(columns) })).toEqual(current.verdict);
  return true;
}

describe('the benchmark column scan of /api/online/json', () => {
  it('takes every clean body, whatever its whitespace and key order, and reads what JSON.parse and the validator read', () => {
    fc.assert(
      fc.property(bodySpec(false), (spec) => {
        expect(expectAgreement(render(spec))).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('declines a body as soon as one entry leaves the shapes it takes, so the JSON.parse path decides', () => {
    fc.assert(
      fc.property(bodySpec(true), (spec) => {
        const text = render(spec);
        expect(scanOnlineBody(text), `${spec.spoil!.kind}: ${text.slice(0, 300)}`).toBeNull();
      }),
      { numRuns: 400 },
    );
  });

  it.each(Object.entries(BODY_SPOILS))('declines a body with %s', (_, spoil) => {
    const clean = render({ entries: [{ btc_addr: VALID[0]!, payout_addr: VALID[1]!, last_seen: 3, height: 9 }], orders: [[0, 1, 2, 3]], gaps: [''], spoil: null });
    expect(expectAgreement(clean)).toBe(true);
    expect(scanOnlineBody(spoil(clean))).toBeNull();
  });

  it('declines every truncation of a body and agrees or declines on every single-character corruption', () => {
    const text = render({
      entries: [
        { btc_addr: VALID[0]!, payout_addr: VALID[0]!, last_seen: 12, height: 1500 },
        { btc_addr: VALID[1]!, payout_addr: VALID[2]!, last_seen: 0, height: 0 },
      ],
      orders: [
        [0, 1, 2, 3],
        [3, 2, 1, 0],
      ],
      gaps: ['', ' '],
      spoil: null,
    });
    // A cut that removes only trailing whitespace leaves the same JSON; any shorter one must be declined.
    for (let length = 0; length < text.trimEnd().length; length++) expect(scanOnlineBody(text.slice(0, length)), `cut at ${length}`).toBeNull();
    let taken = 0;
    for (let at = 0; at < text.length; at++) {
      for (const replacement of ['"', '\\', ',', '}', ']', '1', ' ', 'e', '\u0000', 'x']) {
        if (expectAgreement(`${text.slice(0, at)}${replacement}${text.slice(at + 1)}`)) taken++;
      }
    }
    // Digits and address characters replaced by others keep the body valid: the scan takes those.
    expect(taken).toBeGreaterThan(0);
  });

  it('gives the same columns when it expects the last scrape’s addresses, using those very strings', () => {
    const network = new SimulatedNetwork({ farmers: 600, seed: 'column-scan' });
    const start = Date.UTC(2026, 0, 1);
    let previous = scanOnlineBody(renderOnline(network.stateAt(start)))!;
    for (let scrape = 1; scrape < 6; scrape++) {
      const text = renderOnline(network.stateAt(start + scrape * 300_000));
      expect(expectAgreement(text)).toBe(true);
      const hints = hintsFrom(previous);
      const hinted = scanOnlineBody(text, hints)!;
      expect(rowsOf(hinted)).toStrictEqual(rowsOf(scanOnlineBody(text)!));
      const expectedStrings = new Set(hints.entries.flatMap((expected) => [expected.address, expected.payout]));
      const reused = hinted.btcAddr.filter((value) => [...expectedStrings].some((known) => known === value)).length;
      expect(reused).toBeGreaterThan(hinted.count * 0.9);
      previous = hinted;
    }
  });

  it('with wrong expectations (other addresses, other order) still reads exactly the body', () => {
    fc.assert(
      fc.property(bodySpec(false), bodySpec(false), (spec, other) => {
        const text = render(spec);
        const hints = hintsFrom(scanOnlineBody(render(other))!);
        expect(rowsOf(scanOnlineBody(text, hints)!)).toStrictEqual(rowsOf(scanOnlineBody(text)!));
      }),
      { numRuns: 200 },
    );
  });

  it.skipIf(!fixturePresent)('reads the 2015 network’s 1,227 real addresses as JSON.parse does, pretty-printed as Flask sends them', () => {
    const db = new Database(NETWORK_DB, { readonly: true });
    const rows = db.prepare('SELECT address, last_date FROM farmers ORDER BY first_date').all() as { address: string; last_date: number }[];
    db.close();
    expect(rows).toHaveLength(1227);
    const newest = Math.max(...rows.map((row) => row.last_date));
    const entries = rows.map((row, index) => ({
      btc_addr: row.address,
      height: (index * 7919) % 200_000,
      last_seen: Math.round(newest - row.last_date),
      payout_addr: rows[(index * 31) % rows.length]!.address,
    }));
    // Flask's jsonify sorts keys and indents: the shape a real status server sends.
    const text = JSON.stringify({ farmers: entries }, null, 2);
    expect(expectAgreement(text)).toBe(true);
    expect(currentPath(text)).toMatchObject({ verdict: { rejected: 0 } });
  });
});
