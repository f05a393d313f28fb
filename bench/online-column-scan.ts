/**
 * The collect benchmark's challenger to JSON.parse (issue 14): reads an `/api/online/json` body
 * straight into columns, without building an object and four values per farmer, optionally
 * expecting the last scrape's addresses in place so that steady-state addresses need no new
 * string. `bench/collect.ts` times it beside JSON.parse on the same bodies. Ingest keeps
 * JSON.parse: V8 parses JSON in C++ for about the cost of one pass of `charCodeAt` over the text,
 * the least any scanner written in JavaScript pays, so this scan is slower, not faster.
 *
 * It takes only bodies whose meaning is beyond doubt: the envelope `{"farmers": [...]}` with no
 * other key, and entries that are objects with exactly the four fields, in any order, whose
 * addresses are 1 to 35 characters with no escape and no control character and whose numbers are
 * plain integers in the schema's range, with any JSON whitespace between tokens. Every such entry
 * passes the farmer schema, so the validator's verdicts depend only on the addresses, which the
 * columns hold exactly. Anything else (an extra or repeated key, an escape, a fraction or an
 * exponent, a value out of range, text that is not JSON) gives null: a path using the scan would
 * take JSON.parse and the validator there, which accept, reject and explain as they always have.
 */
import { ADDRESS_MAX_CHARS } from '../shared/defaults.js';
import { MAX_HEIGHT_EXCLUSIVE, MAX_LAST_SEEN } from '../shared/model/dataserv.js';

const MAX_HEIGHT = MAX_HEIGHT_EXCLUSIVE - 1;

/** One body's farmers, column by column, in list order. */
export interface OnlineColumns {
  count: number;
  btcAddr: string[];
  payoutAddr: string[];
  lastSeen: Int32Array;
  height: Int32Array;
}

/** An entry of the previous payload: its address and its payout address (null when the same). */
export interface ExpectedEntry {
  readonly address: string;
  readonly payout: string | null;
}

/**
 * What the scan may expect, from the last payload the validator accepted: a steady network lists
 * nearly the same farmers in nearly the same order, so each address is first compared in place
 * with the one expected there and, when equal, that string is used and no new one is made. The
 * strings must be valid addresses (base58 characters only), so a match is the whole JSON string.
 */
export interface AddressHints {
  readonly entries: readonly ExpectedEntry[];
  /** Where `address` sits in `entries`, or -1. */
  indexOf(address: string): number;
}

const NO_HINTS: AddressHints = { entries: [], indexOf: () => -1 };

const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const BACKSLASH = 0x5c;
const ZERO = 0x30;
const NINE = 0x39;
const SPACE = 0x20;

const BTC = 1;
const PAYOUT = 2;
const LAST_SEEN = 4;
const HEIGHT = 8;
const ALL_FIELDS = BTC | PAYOUT | LAST_SEEN | HEIGHT;

/** The farmer count a body of this many characters can hold at most, to size the columns once. */
const MIN_ENTRY_CHARS = '{"btc_addr":"1","payout_addr":"1","last_seen":0,"height":0}'.length + 1;

/** Thrown inside the scan when the body leaves the shapes it takes; never escapes `scanOnlineBody`. */
class NotTaken extends Error {}
const NOT_TAKEN = new NotTaken('body not taken by the column scan');

/**
 * Whether the JSON string opened before `at` is exactly `expected` (closing quote included). A
 * slice compared with `===` took about 70 ns for an address here, `startsWith` or a loop over
 * `charCodeAt` about 170 ns.
 */
function stringIsAt(text: string, at: number, expected: string): boolean {
  const end = at + expected.length;
  return text.charCodeAt(end) === QUOTE && text.slice(at, end) === expected;
}

class OnlineScanner {
  private position = 0;
  private readonly columns: OnlineColumns;
  /** Where the next farmer is expected in the hints' entries. */
  private guess = 0;
  /** The expected entry the current farmer's address matched, if any. */
  private matched: ExpectedEntry | undefined = undefined;

  constructor(
    private readonly text: string,
    private readonly hints: AddressHints,
  ) {
    const capacity = Math.floor(text.length / MIN_ENTRY_CHARS) + 1;
    this.columns = { count: 0, btcAddr: [], payoutAddr: [], lastSeen: new Int32Array(capacity), height: new Int32Array(capacity) };
  }

  scan(): OnlineColumns {
    this.expect(OPEN_BRACE);
    this.expect(QUOTE);
    this.expectText('farmers"');
    this.expect(COLON);
    this.expect(OPEN_BRACKET);
    if (this.peek() === CLOSE_BRACKET) this.position++;
    else {
      do this.entry();
      while (this.separator(CLOSE_BRACKET));
    }
    this.expect(CLOSE_BRACE);
    if (this.peek() !== -1) throw NOT_TAKEN;
    const { columns } = this;
    columns.lastSeen = columns.lastSeen.slice(0, columns.count);
    columns.height = columns.height.slice(0, columns.count);
    return columns;
  }

  /** One farmer object: its four fields once each, in any order. */
  private entry(): void {
    this.expect(OPEN_BRACE);
    const columns = this.columns;
    const index = columns.count;
    this.matched = undefined;
    let seen = 0;
    do {
      this.expect(QUOTE);
      const field = this.fieldName();
      if ((seen & field) !== 0) throw NOT_TAKEN;
      seen |= field;
      this.expect(COLON);
      if (field === BTC) columns.btcAddr.push(this.farmerAddress());
      else if (field === PAYOUT) columns.payoutAddr.push(this.payoutAddress((seen & BTC) !== 0 ? columns.btcAddr[index] : undefined));
      else if (field === LAST_SEEN) columns.lastSeen[index] = this.integer(MAX_LAST_SEEN);
      else columns.height[index] = this.integer(MAX_HEIGHT);
    } while (this.separator(CLOSE_BRACE));
    if (seen !== ALL_FIELDS) throw NOT_TAKEN;
    columns.count++;
  }

  /** Which of the four fields the key just opened names (its closing quote taken too). */
  private fieldName(): number {
    switch (this.text.charCodeAt(this.position)) {
      case 0x62: // b
        this.expectText('btc_addr"');
        return BTC;
      case 0x70: // p
        this.expectText('payout_addr"');
        return PAYOUT;
      case 0x6c: // l
        this.expectText('last_seen"');
        return LAST_SEEN;
      case 0x68: // h
        this.expectText('height"');
        return HEIGHT;
      default:
        throw NOT_TAKEN;
    }
  }

  /** The farmer's address: the expected one when it is there, else read (and the guess resynchronised). */
  private farmerAddress(): string {
    this.expect(QUOTE);
    const { hints } = this;
    const expected = hints.entries[this.guess];
    if (expected !== undefined && this.takeString(expected.address)) {
      this.guess++;
      this.matched = expected;
      return expected.address;
    }
    const address = this.readString();
    const at = hints.indexOf(address);
    if (at !== -1) {
      this.guess = at + 1;
      this.matched = hints.entries[at];
    }
    return address;
  }

  /** The payout address: the farmer's own or the one it had last time when either is there, else read. */
  private payoutAddress(farmer: string | undefined): string {
    this.expect(QUOTE);
    const own = farmer ?? this.matched?.address;
    if (own !== undefined && this.takeString(own)) return own;
    const previous = this.matched?.payout;
    if (previous !== undefined && previous !== null && this.takeString(previous)) return previous;
    return this.readString();
  }

  /** Takes the string just opened if it is exactly `expected`. */
  private takeString(expected: string): boolean {
    if (!stringIsAt(this.text, this.position, expected)) return false;
    this.position += expected.length + 1;
    return true;
  }

  /** The rest of a string just opened: 1 to 35 characters without escapes or control characters. */
  private readString(): string {
    const { text } = this;
    const start = this.position;
    const limit = Math.min(text.length, start + ADDRESS_MAX_CHARS + 1);
    for (let at = start; at < limit; at++) {
      const code = text.charCodeAt(at);
      if (code === QUOTE) {
        if (at === start) throw NOT_TAKEN;
        this.position = at + 1;
        return text.slice(start, at);
      }
      if (code < SPACE || code === BACKSLASH) throw NOT_TAKEN;
    }
    throw NOT_TAKEN;
  }

  /**
   * A plain non-negative integer of at most `max`: no sign or leading zero here, and a fraction or an
   * exponent leaves a `.` or `e` where the caller then wants a separator.
   */
  private integer(max: number): number {
    const first = this.peek();
    const { text } = this;
    const start = this.position;
    let value = 0;
    let at = start;
    for (let code = first; code >= ZERO && code <= NINE; code = text.charCodeAt(++at)) value = value * 10 + (code - ZERO);
    const digits = at - start;
    if (digits === 0 || (digits > 1 && first === ZERO) || value > max) throw NOT_TAKEN;
    this.position = at;
    return value;
  }

  /** After a value: true on a comma (another member follows), false on `close`. */
  private separator(close: number): boolean {
    const code = this.peek();
    this.position++;
    if (code === COMMA) return true;
    if (code === close) return false;
    throw NOT_TAKEN;
  }

  private expectText(expected: string): void {
    if (!this.text.startsWith(expected, this.position)) throw NOT_TAKEN;
    this.position += expected.length;
  }

  private expect(code: number): void {
    if (this.peek() !== code) throw NOT_TAKEN;
    this.position++;
  }

  /** The next character that is not JSON whitespace (-1 at the end), without taking it. */
  private peek(): number {
    const code = this.text.charCodeAt(this.position);
    return code > SPACE ? code : this.peekPastWhitespace();
  }

  private peekPastWhitespace(): number {
    const { text } = this;
    let at = this.position;
    let code = text.charCodeAt(at);
    while (code === SPACE || code === 0x0a || code === 0x0d || code === 0x09) code = text.charCodeAt(++at);
    this.position = at;
    return at < text.length ? code : -1;
  }
}

/**
 * The body's farmers as columns, or null when it is not one of the bodies the scan takes. With
 * `hints`, addresses found where expected are the hints' own strings.
 */
export function scanOnlineBody(text: string, hints: AddressHints = NO_HINTS): OnlineColumns | null {
  try {
    return new OnlineScanner(text, hints).scan();
  } catch (error) {
    if (error === NOT_TAKEN) return null;
    throw error;
  }
}
