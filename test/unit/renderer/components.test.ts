// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import type { ScrapeOutcome, Status } from '../../../shared/model/status.js';
import RangePicker from '../../../renderer/components/RangePicker.vue';
import CollectorStatus from '../../../renderer/components/CollectorStatus.vue';
import StatCard from '../../../renderer/components/StatCard.vue';

const NOW = Date.UTC(2015, 10, 20, 12);

function outcome(time: number, ok: boolean, errorMessage: string | null = null): ScrapeOutcome {
  return { time, ok, durationMs: 120, farmers: ok ? 300 : 0, rejected: 0, duplicates: 0, unusual: 0, errorCode: ok ? null : 'unreachable', errorMessage };
}

function status(collector: Partial<Status['collector']>): Status {
  return {
    version: '0.1.0',
    collector: {
      state: 'idle',
      source: 'http://127.0.0.1:5000',
      intervalSeconds: 300,
      lastScrape: null,
      lastError: null,
      nextScrapeAt: null,
      scrapesOk: 0,
      scrapesFailed: 0,
      consecutiveFailures: 0,
      ...collector,
    },
    jobs: { state: 'idle', foldedThrough: null, pendingScrapes: 0, lastError: null },
    secrets: { encrypted: false, description: 'stored in clear in this test' },
    store: { kind: 'sqlite', sizeBytes: 0, scrapes: 0, snapshots: 0, addresses: 0 },
    backfill: null,
  };
}

describe('the range picker', () => {
  it('emits a preset when one is clicked and marks it pressed', async () => {
    const wrapper = mount(RangePicker, { props: { modelValue: { preset: '30d' }, busy: false, anchor: NOW } });
    expect(wrapper.get('[data-range="30d"]').attributes('aria-pressed')).toBe('true');
    await wrapper.get('[data-range="7d"]').trigger('click');
    expect(wrapper.emitted('update:modelValue')).toEqual([[{ preset: '7d' }]]);
  });

  it('applies a custom range only when it is valid, and says why otherwise', async () => {
    const wrapper = mount(RangePicker, { props: { modelValue: { preset: '30d' }, busy: false, anchor: NOW } });
    await wrapper.get('[data-range="custom"]').trigger('click');
    await wrapper.get('[data-testid="range-from"]').setValue('2015-11-10T00:00');
    await wrapper.get('[data-testid="range-to"]').setValue('2015-11-01T00:00');
    await wrapper.get('form').trigger('submit');
    expect(wrapper.get('[role="alert"]').text()).toBe('The start must be before the end.');
    expect(wrapper.emitted('update:modelValue')).toBeUndefined();

    await wrapper.get('[data-testid="range-to"]').setValue('2015-11-12T00:00');
    await wrapper.get('form').trigger('submit');
    const [[selection]] = wrapper.emitted('update:modelValue') as [[{ preset: string; from: number; to: number }]];
    expect(selection.preset).toBe('custom');
    expect(selection.to - selection.from).toBe(2 * 86_400_000);
  });
});

describe('the collector line', () => {
  it('shows the demo backfill\'s progress while it runs, and nothing of it otherwise', () => {
    const filling = { ...status({ state: 'backfilling' }), backfill: { done: 3_629, total: 8_640, days: 30, startedAt: NOW, remainingSeconds: 6 } };
    const wrapper = mount(CollectorStatus, { props: { status: filling, error: null, asOf: null, now: NOW } });
    expect(wrapper.get('[data-testid="backfill-progress"]').text()).toBe('Filling 30 days of demo history: 42 % · about 6 s left');
    expect(wrapper.get('progress').attributes()).toMatchObject({ value: '3629', max: '8640' });
    const done = mount(CollectorStatus, { props: { status: status({}), error: null, asOf: null, now: NOW } });
    expect(done.find('[data-testid="backfill-progress"]').exists()).toBe(false);
  });

  it('shows the last error while failures continue', () => {
    const failure = outcome(NOW - 60_000, false, 'connection refused');
    const wrapper = mount(CollectorStatus, {
      props: { status: status({ state: 'backoff', lastError: failure, lastScrape: failure, consecutiveFailures: 2 }), error: null, asOf: null, now: NOW },
    });
    expect(wrapper.get('.status-pill').text()).toBe('Retrying');
    expect(wrapper.get('.status-pill').classes()).toContain('tone-warning');
    expect(wrapper.get('[data-testid="last-error-summary"]').text()).toBe('Last error 1 min ago: connection refused');
    expect(wrapper.get('[data-testid="as-of"]').text()).toContain('no data yet');
  });

  it('turns red "Failing" at the third failure in a row, with the whole reason to open', () => {
    const reason = `connect ECONNREFUSED 127.0.0.1:9 ${'while fetching the status server '.repeat(10)}`.trim();
    const failure = outcome(NOW - 60_000, false, reason);
    const wrapper = mount(CollectorStatus, {
      props: { status: status({ state: 'backoff', lastError: failure, lastScrape: failure, consecutiveFailures: 3 }), error: null, asOf: null, now: NOW },
    });
    expect(wrapper.get('.status-pill').text()).toBe('Failing');
    expect(wrapper.get('.status-pill').classes()).toContain('tone-error');
    const details = wrapper.get('[data-testid="last-error"]');
    expect(details.element.tagName).toBe('DETAILS');
    expect(details.attributes('title')).toBe(reason);
    expect(wrapper.get('[data-testid="last-error-full"]').text()).toBe(`${reason} (3 failed scrapes in a row)`);
  });

  it('hides an error that a later successful scrape has superseded', () => {
    const wrapper = mount(CollectorStatus, {
      props: { status: status({ lastError: outcome(NOW - 600_000, false, 'timeout'), lastScrape: outcome(NOW - 60_000, true) }), error: null, asOf: NOW - 60_000, now: NOW },
    });
    expect(wrapper.find('[data-testid="last-error"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="last-scrape"]').text()).toBe('1 min ago');
  });

  it('says when the API itself cannot be reached', () => {
    const wrapper = mount(CollectorStatus, { props: { status: null, error: 'the local API did not answer', asOf: null, now: NOW } });
    expect(wrapper.get('.status-pill').text()).toBe('API unreachable');
    expect(wrapper.get('[role="alert"]').text()).toBe('the local API did not answer');
  });
});

describe('a headline number', () => {
  it('keeps its height with a skeleton while loading, then shows the value', async () => {
    const wrapper = mount(StatCard, { props: { label: 'Total storage', value: '1,475.59 TB', loading: true, testId: 'stat' } });
    expect(wrapper.find('[data-value]').exists()).toBe(false);
    expect(wrapper.find('.skeleton-value').exists()).toBe(true);
    await wrapper.setProps({ loading: false });
    expect(wrapper.get('[data-value]').text()).toBe('1,475.59 TB');
  });
});
