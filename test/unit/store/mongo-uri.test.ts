import { describe, expect, it } from 'vitest';
import { boundedTimeouts, closeOnAbort } from '../../../main/store/mongodb/mongo-uri.js';

describe('boundedTimeouts', () => {
  it('replaces zero ("wait forever") and absent timeouts with bounded defaults', () => {
    const zero = boundedTimeouts('mongodb://h/GroupB?serverSelectionTimeoutMS=0&connectTimeoutMS=0&socketTimeoutMS=0&waitQueueTimeoutMS=0');
    expect(zero).toEqual(boundedTimeouts('mongodb://h/GroupB'));
    for (const value of Object.values(zero)) {
      expect(value).toBeGreaterThan(0);
      expect(value).toBeLessThanOrEqual(300_000);
    }
  });

  it('keeps a timeout within bounds, lowers a larger one to the ceiling, and reads keys case-insensitively', () => {
    expect(boundedTimeouts('mongodb://h/?serverSelectionTimeoutMS=300').serverSelectionTimeoutMS).toBe(300);
    expect(boundedTimeouts('mongodb://a,b/?connecttimeoutms=1500').connectTimeoutMS).toBe(1500);
    expect(boundedTimeouts('mongodb://h/?socketTimeoutMS=999999999').socketTimeoutMS).toBe(300_000);
    expect(boundedTimeouts('mongodb://h/?serverSelectionTimeoutMS=-5').serverSelectionTimeoutMS).toBe(10_000);
    expect(boundedTimeouts('mongodb://h/?serverSelectionTimeoutMS=soon').serverSelectionTimeoutMS).toBe(10_000);
  });
});

describe('closeOnAbort', () => {
  it('closes the client once when the signal aborts, and not after the listener is removed', () => {
    let closed = 0;
    const client = { close: () => Promise.resolve(void closed++) };
    const abort = new AbortController();
    closeOnAbort(client, abort.signal);
    abort.abort();
    abort.abort();
    expect(closed).toBe(1);
    const later = new AbortController();
    closeOnAbort(client, later.signal)();
    later.abort();
    expect(closed).toBe(1);
    const already = new AbortController();
    already.abort();
    closeOnAbort(client, already.signal);
    expect(closed).toBe(2);
  });
});
