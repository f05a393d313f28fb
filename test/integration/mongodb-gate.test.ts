import { describe, expect, it } from 'vitest';
import { mongoGate } from '../support/mongodb-gate.js';

describe('the MongoDB gate of the tests that need a server', () => {
  it('is closed, with nothing to probe, when MONGODB_URL is not set', async () => {
    expect(await mongoGate({})).toEqual({ state: 'unset' });
    expect(await mongoGate({ MONGODB_URL: '' })).toEqual({ state: 'unset' });
  });

  it('says in one message that MONGODB_URL is set but nothing answers, with the URL redacted and the reason', async () => {
    const gate = await mongoGate({ MONGODB_URL: 'mongodb://reader:secret@127.0.0.1:1/x' });
    expect(gate.state).toBe('unreachable');
    const message = gate.state === 'unreachable' ? gate.message : '';
    expect(message).toMatch(/^MONGODB_URL is set but no MongoDB answers at mongodb:\/\/127\.0\.0\.1:1\/x: .*ECONNREFUSED/);
    expect(message).not.toContain('secret');
  });
});
