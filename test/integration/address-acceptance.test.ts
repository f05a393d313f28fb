import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAddress, encodeAddress } from '../../shared/address.js';
import { farmerAddress } from '../../main/cli/option-parsers.js';
import { parseAddress } from '../../main/handlers/validation.js';
import { apiFixture, type ApiFixture } from '../support/api-fixtures.js';

/**
 * Every part of the app that takes an address accepts what the status server accepts: the
 * unusual addresses it registers (a hash of 19 bytes, P2SH or not) as well as the usual ones.
 */
const accepted = [
  encodeAddress(0x00, new Uint8Array(20).fill(1)),
  encodeAddress(0x05, new Uint8Array(20).fill(2)),
  encodeAddress(0x00, new Uint8Array(19).fill(3)),
  encodeAddress(0x05, new Uint8Array(19).fill(4)),
];
const refused = [encodeAddress(0x6f, new Uint8Array(19).fill(5)), `${accepted[2]!.slice(0, -1)}${accepted[2]!.endsWith('a') ? 'b' : 'a'}`];

let api: ApiFixture;

beforeAll(async () => {
  api = await apiFixture({ farmers: 5, days: 1 });
});

afterAll(async () => {
  await api?.close();
});

describe('one set of addresses everywhere', () => {
  it.each(accepted)('accepts %s in the shared check, the API handlers and the CLI', (address) => {
    expect(checkAddress(address).ok).toBe(true);
    expect(parseAddress(address)).toBe(address);
    expect(farmerAddress(address)).toBe(address);
  });

  it.each(refused)('refuses %s in all of them', (address) => {
    expect(checkAddress(address).ok).toBe(false);
    expect(() => parseAddress(address)).toThrow(/invalid address/);
    expect(() => farmerAddress(address)).toThrow(/Expected a farmer address/);
  });

  it('answers the local API for an unusual address like for any other unknown one', async () => {
    for (const address of accepted) {
      const response = await api.request(`/api/summary/${address}`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual([]);
    }
    const response = await api.request(`/api/summary/${refused[0]!}`);
    expect(response.status).toBe(400);
  });
});
