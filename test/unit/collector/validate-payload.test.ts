import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkAddress, encodeAddress, isUnusualAddress } from '../../../shared/address.js';
import { FetchFailure } from '../../../main/collector/fetch-json.js';
import { PayloadValidator, UNUSUAL_ADDRESS_REASON } from '../../../main/collector/validate-payload.js';
import { TurnBudget } from '../../../main/scheduling/turn-budget.js';

const GENESIS = '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa';
const P2PKH = '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2';
const P2SH = '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy';

const farmer = (btc: string, height = 100, lastSeen = 5, payout = btc) => ({ btc_addr: btc, payout_addr: payout, last_seen: lastSeen, height });

describe('base58check addresses', () => {
  it.each([GENESIS, P2PKH, P2SH])('accepts the known good address %s', (address) => {
    expect(checkAddress(address)).toEqual({ ok: true, hashBytes: 20 });
  });

  // The status server (dataserv, via btctxstore and pycoin) checks the version byte and the
  // checksum and nothing in between, so it registers addresses of any hash length.
  it.each([0, 1, 19, 21])('accepts, as the status server does, a checksummed address whose hash is %i bytes', (length) => {
    const hash = Uint8Array.from({ length }, (_, index) => (index * 37 + 1) & 0xff);
    for (const version of [0x00, 0x05]) {
      const address = encodeAddress(version, hash);
      expect(checkAddress(address)).toEqual({ ok: true, hashBytes: length });
      expect(isUnusualAddress(checkAddress(address))).toBe(true);
    }
  });

  it('says how many bytes a too-short text decodes to', () => {
    expect(checkAddress('1abc')).toMatchObject({ ok: false, problem: 'wrong length', detail: expect.stringMatching(/decodes to 4 bytes/) as unknown });
    expect(isUnusualAddress(checkAddress(GENESIS))).toBe(false);
    expect(isUnusualAddress(checkAddress('1abc'))).toBe(false);
  });

  it.each([
    ['1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3', 'bad checksum'],
    ['LVg2kJoFNg45Nbpy53h7Fe1wKyeXVRhMH9', 'unsupported version'],
    ['1BvBMSEYstWetqTFn5Au4m4GFg7xJaNV0', 'invalid character'],
    ['bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq', 'too long'],
    ['1BvBMSEYstWetq', 'bad checksum'],
    ['1', 'wrong length'],
    [encodeAddress(0x6f, new Uint8Array(19)), 'unsupported version'],
  ])('rejects %s as %s', (address, problem) => {
    expect(checkAddress(address)).toMatchObject({ ok: false, problem });
  });

  it('encodes addresses that check as valid, for both accepted versions', () => {
    const hash = Uint8Array.from({ length: 20 }, (_, index) => index * 7);
    expect(checkAddress(encodeAddress(0x00, hash)).ok).toBe(true);
    expect(encodeAddress(0x05, hash).startsWith('3')).toBe(true);
    expect(checkAddress(encodeAddress(0x05, hash)).ok).toBe(true);
  });
});

describe('PayloadValidator.validateOnline', () => {
  it('keeps valid entries and drops each invalid one with a counted reason and an example naming the entry', () => {
    const validator = new PayloadValidator();
    const result = validator.validateOnline({
      farmers: [
        farmer(GENESIS),
        farmer(P2PKH, 250_000),
        farmer(P2SH, -1),
        { ...farmer(GENESIS), height: '12' },
        farmer('1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3'),
        farmer(P2SH, 5, 1, 'LVg2kJoFNg45Nbpy53h7Fe1wKyeXVRhMH9'),
        { ...farmer(P2SH), last_seen: -3 },
        'not an entry',
        { ...farmer(P2SH), last_seen: 1e20 },
      ],
    });
    expect(result.farmers).toEqual([farmer(GENESIS)]);
    expect(result.rejected).toBe(8);
    const reasons = Object.fromEntries(result.rejections.map((rejection) => [rejection.reason, rejection]));
    expect(reasons['height out of range']?.count).toBe(2);
    expect(reasons['height out of range']?.examples[0]).toBe('entry 1: height 250000 is out of range (0 ≤ height < 200000)');
    expect(reasons['wrong type of height']?.examples[0]).toMatch(/^entry 3: height "12"/);
    expect(reasons['invalid btc_addr (bad checksum)']?.count).toBe(1);
    expect(reasons['invalid payout_addr (unsupported version)']?.count).toBe(1);
    expect(reasons['last_seen negative']?.count).toBe(1);
    expect(reasons['not an object']?.examples[0]).toMatch(/^entry 7:/);
    // Snapshots hold last_seen in 32 bits: a larger value must not be stored wrapped around.
    expect(reasons['last_seen out of range']?.examples[0]).toMatch(/^entry 8: last_seen 100000000000000000000 is out of range/);
  });

  it('keeps at most three examples per reason while counting all', () => {
    const entries = Array.from({ length: 10 }, () => farmer(GENESIS, 300_000));
    const result = new PayloadValidator().validateOnline({ farmers: entries });
    expect(result.rejections).toHaveLength(1);
    expect(result.rejections[0]).toMatchObject({ count: 10 });
    expect(result.rejections[0]!.examples).toHaveLength(3);
  });

  it('resolves duplicates of one address to the most recently seen entry and counts them', () => {
    const result = new PayloadValidator().validateOnline({
      farmers: [farmer(GENESIS, 10, 40), farmer(P2PKH, 20, 3), farmer(GENESIS, 11, 7), farmer(GENESIS, 12, 90)],
    });
    expect(result.duplicates).toBe(2);
    expect(result.rejected).toBe(0);
    expect(result.farmers).toEqual([farmer(GENESIS, 11, 7), farmer(P2PKH, 20, 3)]);
  });

  it('accepts an empty farmer list', () => {
    expect(new PayloadValidator().validateOnline({ farmers: [] })).toEqual({ farmers: [], rejected: 0, duplicates: 0, rejections: [], unusual: 0, notes: [] });
  });

  it('keeps entries with unusual addresses and counts them in a note, the first time and from its cache', () => {
    const short = encodeAddress(0x00, new Uint8Array(19).fill(9));
    const shortPayout = encodeAddress(0x05, new Uint8Array(21).fill(3));
    const validator = new PayloadValidator();
    const payload = { farmers: [farmer(GENESIS), farmer(short, 0), farmer(P2PKH, 7, 1, shortPayout), farmer(P2SH, 8, 2, shortPayout)] };
    for (let round = 0; round < 2; round++) {
      const result = validator.validateOnline(structuredClone(payload));
      expect(result.farmers.map((entry) => entry.btc_addr)).toEqual([GENESIS, short, P2PKH, P2SH]);
      expect(result.rejected).toBe(0);
      expect(result.unusual).toBe(3);
      expect(result.notes).toEqual([
        {
          reason: UNUSUAL_ADDRESS_REASON,
          count: 3,
          examples: [`btc_addr "${short}" has a 19-byte hash`, `payout_addr "${shortPayout}" has a 21-byte hash`, `payout_addr "${shortPayout}" has a 21-byte hash`],
        },
      ]);
    }
    expect(validator.validateOnline({ farmers: [farmer(GENESIS)] })).toMatchObject({ unusual: 0, notes: [] });
  });

  it.each([[[]], [{}], [{ farmers: {} }], [null], ['text']])('fails the whole payload %j as wrong_shape', (payload) => {
    expect(() => new PayloadValidator().validateOnline(payload)).toThrow(FetchFailure);
    try {
      new PayloadValidator().validateOnline(payload);
    } catch (error) {
      expect((error as FetchFailure).code).toBe('wrong_shape');
    }
  });

  it('gives the same verdicts when addresses come from its cache of known-valid ones', () => {
    const validator = new PayloadValidator();
    const payload = { farmers: [farmer(GENESIS), farmer(P2PKH, 5, 5, '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3')] };
    const first = validator.validateOnline(payload);
    const second = validator.validateOnline(payload);
    expect(second).toEqual(first);
    expect(second.rejected).toBe(1);
  });
});

describe('PayloadValidator on hostile entries', () => {
  const nested = (depth: number): unknown => {
    let value: unknown = [];
    for (let level = 0; level < depth; level++) value = [value];
    return value;
  };

  it('rejects an entry nested 100,000 levels deep as one bad entry and keeps the rest', () => {
    const result = new PayloadValidator().validateOnline({ farmers: [farmer(GENESIS), { ...farmer(P2PKH), btc_addr: nested(100_000) }, { height: nested(100_000) }] });
    expect(result.farmers.map((entry) => entry.btc_addr)).toEqual([GENESIS]);
    expect(result.rejected).toBe(2);
    expect(result.rejections.flatMap((rejection) => rejection.examples)).toEqual(
      expect.arrayContaining(['entry 1: btc_addr an array of 1 item is not a string', 'entry 2: btc_addr is missing']),
    );
  });

  it('keeps its examples short whatever an invalid entry holds, and reports the sizes instead', () => {
    const huge = Array.from({ length: 1_000_000 }, (_, index) => index);
    const hugeKey = 'k'.repeat(1_000_000);
    const result = new PayloadValidator().validateOnline({
      farmers: [{ ...farmer(GENESIS), height: huge }, { ...farmer(P2PKH), btc_addr: 'x'.repeat(6_000_000) }, 'y'.repeat(6_000_000), { [hugeKey]: huge }],
    });
    const examples = result.rejections.flatMap((rejection) => rejection.examples);
    expect(examples).toHaveLength(4);
    for (const example of examples) expect(example.length).toBeLessThan(200);
    expect(examples).toEqual(
      expect.arrayContaining([
        'entry 0: height an array of 1,000,000 items is not an integer',
        expect.stringContaining('(6,000,000 characters)'),
      ]),
    );
  });

  it('says that "farmers" is there but not a list', () => {
    expect(() => new PayloadValidator().validateOnline({ farmers: null })).toThrow('expected {"farmers": [...]}, got "farmers" as null, not an array');
    expect(() => new PayloadValidator().validateOnline({ farmers: nested(100_000) })).not.toThrow();
    expect(() => new PayloadValidator().validateOnline({ farmers: { deep: nested(100_000) } })).toThrow('"farmers" as an object with keys "deep", not an array');
  });
});

describe('PayloadValidator.validateTotal', () => {
  it('accepts the status server totals', () => {
    expect(new PayloadValidator().validateTotal({ id: 804094, total_TB: 1475.59, total_farmers: 326 })).toEqual({
      id: 804094,
      total_TB: 1475.59,
      total_farmers: 326,
    });
  });

  it.each([[{ id: 1, total_TB: '3', total_farmers: 2 }], [{ total_TB: 1 }], [{ id: -1, total_TB: 1, total_farmers: 1 }]])(
    'fails %j as wrong_shape',
    (payload) => {
      expect(() => new PayloadValidator().validateTotal(payload)).toThrow(/expected \{"id", "total_TB", "total_farmers"\}/);
    },
  );
});

describe('PayloadValidator across payloads', () => {
  const pool = Array.from({ length: 12 }, (_, index) => encodeAddress(index % 3 === 0 ? 0x05 : 0x00, Uint8Array.from({ length: 20 }, (_, byte) => (index * 31 + byte) & 0xff)));
  const entryArbitrary = fc.record({
    btc: fc.integer({ min: 0, max: pool.length - 1 }),
    payout: fc.option(fc.integer({ min: 0, max: pool.length - 1 })),
    lastSeen: fc.integer({ min: 0, max: 299 }),
    height: fc.integer({ min: 0, max: 199_999 }),
    broken: fc.boolean(),
  });
  const toPayload = (entries: Array<{ btc: number; payout: number | null; lastSeen: number; height: number; broken: boolean }>) => ({
    farmers: entries.map((entry) => ({
      btc_addr: entry.broken && entry.btc === 0 ? '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3' : pool[entry.btc]!,
      payout_addr: pool[entry.payout ?? entry.btc]!,
      last_seen: entry.lastSeen,
      height: entry.height,
    })),
  });

  it('gives every payload the same verdict as a fresh validator, whatever came before (joins, leaves, reordering, duplicates)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(entryArbitrary, { maxLength: 20 }), { minLength: 1, maxLength: 6 }), (payloads) => {
        const reused = new PayloadValidator();
        for (const entries of payloads) {
          // Each validator parses its own copy, as the collector does with each body.
          const text = JSON.stringify(toPayload(entries));
          expect(reused.validateOnline(JSON.parse(text))).toEqual(new PayloadValidator().validateOnline(JSON.parse(text)));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('PayloadValidator.proveNewAddresses', () => {
  /** Distinct valid addresses: a version byte and a counter as the hash. */
  const addresses = Array.from({ length: 3_000 }, (_, index) => {
    const hash = new Uint8Array(20);
    new DataView(hash.buffer).setUint32(16, index + 1);
    return encodeAddress(0x00, hash);
  });

  it('proves a large list of new addresses a slice per turn, and the validation after it keeps the same entries', async () => {
    const payload = { farmers: [...addresses.map((address) => farmer(address)), farmer('1NotAnAddress'), { btc_addr: 7 }] };
    const proved = new PayloadValidator();
    let turns = 0;
    let next: NodeJS.Immediate = setImmediate(function count() {
      turns++;
      next = setImmediate(count);
    });
    await proved.proveNewAddresses(payload.farmers, new TurnBudget(0));
    clearImmediate(next);
    expect(turns).toBeGreaterThan(1);
    expect(proved.validateOnline(payload)).toEqual(new PayloadValidator().validateOnline(payload));
  });

  it('returns at once for anything but a list, or once as many addresses are known as listed', async () => {
    const validator = new PayloadValidator();
    await expect(validator.proveNewAddresses({ farmers: 'none' }, new TurnBudget(0))).resolves.toBeUndefined();
    const small = [farmer(GENESIS), farmer(P2PKH)];
    validator.validateOnline({ farmers: small });
    let turns = 0;
    const counting = setImmediate(() => turns++);
    await validator.proveNewAddresses(small, new TurnBudget(0));
    clearImmediate(counting);
    expect(turns).toBe(0);
  });
});
