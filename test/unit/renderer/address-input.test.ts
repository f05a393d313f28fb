// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { encodeAddress } from '../../../shared/address.js';
import AddressInput from '../../../renderer/components/AddressInput.vue';

const valid = encodeAddress(0x00, new Uint8Array(20).fill(7));
/** The same address with its last character changed: right alphabet, wrong checksum. */
const mistyped = valid.slice(0, -1) + (valid.endsWith('a') ? 'b' : 'a');

function mountInput(suggest?: (prefix: string) => Promise<string[]>) {
  return mount(AddressInput, { props: { label: 'Farmer address', submitLabel: 'Look up', testId: 'lookup', suggest } });
}

describe('the address field', () => {
  it('says nothing about an empty field until submitted, then asks for an address', async () => {
    const wrapper = mountInput();
    expect(wrapper.get('[data-testid="address-message"]').classes()).not.toContain('field-error');
    await wrapper.get('form').trigger('submit');
    expect(wrapper.get('[data-testid="address-message"]').text()).toBe('Invalid address: the address is empty.');
    expect(wrapper.emitted('submit')).toBeUndefined();
  });

  it('explains a character outside base58 while typing', async () => {
    const wrapper = mountInput();
    await wrapper.get('input').setValue('1A1zP1eP5QGefi0');
    expect(wrapper.get('[data-testid="address-message"]').text()).toContain('character "0" at position 15 is not base58');
    expect(wrapper.get('input').attributes('aria-invalid')).toBe('true');
    expect(wrapper.get('button[type="submit"]').attributes('disabled')).toBeDefined();
  });

  it('explains a wrong checksum', async () => {
    const wrapper = mountInput();
    await wrapper.get('input').setValue(mistyped);
    expect(wrapper.get('[data-testid="address-message"]').text()).toMatch(/checksum does not match|decodes to/);
  });

  it('submits a valid address, trimmed', async () => {
    const wrapper = mountInput();
    await wrapper.get('input').setValue(`  ${valid} `);
    expect(wrapper.get('[data-testid="address-message"]').text()).toBe('Valid address.');
    await wrapper.get('form').trigger('submit');
    expect(wrapper.emitted('submit')).toEqual([[valid]]);
  });

  it('accepts an address the status server registers although its hash is 19 bytes', async () => {
    const unusual = encodeAddress(0x05, new Uint8Array(19).fill(9));
    const wrapper = mountInput();
    await wrapper.get('input').setValue(unusual);
    expect(wrapper.get('[data-testid="address-message"]').text()).toBe('Valid address.');
    await wrapper.get('form').trigger('submit');
    expect(wrapper.emitted('submit')).toEqual([[unusual]]);
  });

  it('offers known addresses that start with what was typed', async () => {
    const asked: string[] = [];
    const wrapper = mountInput(async (prefix) => {
      asked.push(prefix);
      return [valid];
    });
    await wrapper.get('input').setValue(valid.slice(0, 6));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await flushPromises();
    expect(asked).toEqual([valid.slice(0, 6)]);
    expect(wrapper.findAll('datalist option').map((option) => option.attributes('value'))).toEqual([valid]);
  });

  it('keeps working when suggestions fail', async () => {
    const wrapper = mountInput(() => Promise.reject(new Error('offline')));
    await wrapper.get('input').setValue(valid.slice(0, 6));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await flushPromises();
    expect(wrapper.findAll('datalist option')).toHaveLength(0);
  });
});

describe('the address field while a known address is being typed', () => {
  const settle = async () => {
    await new Promise((resolve) => setTimeout(resolve, 200));
    await flushPromises();
  };

  it('flags nothing while suggestions continue the prefix, and says so', async () => {
    const wrapper = mountInput(async (prefix) => (valid.startsWith(prefix) ? [valid] : []));
    await wrapper.get('input').setValue(valid.slice(0, 12));
    // Asked, not yet answered: no error either.
    expect(wrapper.get('input').attributes('aria-invalid')).toBe('false');
    await settle();
    expect(wrapper.get('[data-testid="address-message"]').text()).toBe('Keep typing, or pick one of the 1 known addresses starting with this.');
    expect(wrapper.get('input').attributes('data-state')).toBe('typing');
    expect(wrapper.get('button[type="submit"]').attributes('disabled')).toBeUndefined();
  });

  it('flags the prefix once no known address starts with it', async () => {
    const wrapper = mountInput(async () => []);
    await wrapper.get('input').setValue(valid.slice(0, 12));
    await settle();
    expect(wrapper.get('input').attributes('aria-invalid')).toBe('true');
    expect(wrapper.get('[data-testid="address-message"]').text()).toMatch(/^Invalid address: /);
  });

  it('flags a half-typed prefix when it is submitted', async () => {
    const wrapper = mountInput(async () => [valid]);
    await wrapper.get('input').setValue(valid.slice(0, 12));
    await settle();
    await wrapper.get('form').trigger('submit');
    expect(wrapper.get('[data-testid="address-message"]').text()).toMatch(/^Invalid address: /);
    expect(wrapper.emitted('submit')).toBeUndefined();
  });
});
