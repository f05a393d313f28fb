// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import type { DriveshareClient } from '../../../shared/client.js';
import type { EngineEvent } from '../../../shared/model/events.js';
import type { ImportProgress, ImportRequest } from '../../../shared/model/import.js';
import { AppError } from '../../../shared/errors.js';
import { clientKey } from '../../../renderer/composables/client.js';
import ImportView from '../../../renderer/views/ImportView.vue';

function progress(overrides: Partial<ImportProgress>): ImportProgress {
  return {
    id: 'import-1',
    state: 'running',
    source: '/dumps/GroupB',
    step: 'farmers.bson',
    done: 120,
    total: 480,
    imported: 100,
    skipped: 20,
    rejected: 0,
    errors: [],
    startedAt: Date.now(),
    finishedAt: null,
    ...overrides,
  };
}

/** The import calls of the client, recorded; the engine's side is what the e2e suite runs for real. */
function importClient(options: { start?: (request: ImportRequest) => Promise<ImportProgress> } = {}) {
  const listeners: ((event: EngineEvent) => void)[] = [];
  const started: ImportRequest[] = [];
  const client = {
    importStatus: async () => null,
    startImport: async (request: ImportRequest) => {
      started.push(request);
      return options.start ? options.start(request) : progress({});
    },
    cancelImport: async (id: string) => progress({ id, state: 'cancelled', finishedAt: Date.now() }),
    pickImportSource: null,
    onEvent: (listener: (event: EngineEvent) => void) => {
      listeners.push(listener);
      return () => listeners.splice(listeners.indexOf(listener), 1);
    },
  } as unknown as DriveshareClient;
  return { client, started, push: (event: EngineEvent) => listeners.forEach((listener) => listener(event)) };
}

let wrapper: VueWrapper | null = null;
afterEach(() => wrapper?.unmount());

function mountView(client: DriveshareClient) {
  wrapper = mount(ImportView, { global: { provide: { [clientKey as symbol]: client } } });
  return wrapper;
}

describe('the import view', () => {
  it('starts a path import and shows its progress with counts', async () => {
    const { client, started } = importClient();
    const view = mountView(client);
    await view.get('[data-testid="import-path"]').setValue('  /dumps/GroupB ');
    await view.get('form').trigger('submit');
    await flushPromises();
    expect(started).toEqual([{ kind: 'path', path: '/dumps/GroupB' }]);
    expect(view.get('[data-testid="import-progress"]').attributes('data-state')).toBe('running');
    expect(view.get('[role="progressbar"]').attributes('aria-valuenow')).toBe('25');
    expect(view.get('.progress-step').text()).toContain('farmers.bson — 120 of 480 processed');
    expect(view.get('[data-testid="import-imported"]').text()).toBe('100');
    expect(view.find('[data-testid="import-cancel"]').exists()).toBe(true);
  });

  it('cancels the running import', async () => {
    const { client } = importClient();
    const view = mountView(client);
    await view.get('[data-testid="import-path"]').setValue('/dumps/GroupB');
    await view.get('form').trigger('submit');
    await flushPromises();
    await view.get('[data-testid="import-cancel"]').trigger('click');
    await flushPromises();
    expect(view.get('[data-testid="import-progress"]').attributes('data-state')).toBe('cancelled');
    expect(view.find('[data-testid="import-cancel"]').exists()).toBe(false);
  });

  it('follows progress events and lists the problems found', async () => {
    const { client, push } = importClient();
    const view = mountView(client);
    await view.get('[data-testid="import-path"]').setValue('/dumps/GroupB');
    await view.get('form').trigger('submit');
    await flushPromises();
    push({ type: 'import', progress: progress({ state: 'done', done: 480, imported: 450, rejected: 2, errors: ['farmers.bson document 7: btc_addr is not a valid address'], finishedAt: Date.now() }) });
    await flushPromises();
    expect(view.get('[data-testid="import-progress"]').attributes('data-state')).toBe('done');
    expect(view.get('[data-testid="import-rejected"]').text()).toBe('2');
    expect(view.get('.error-list').text()).toContain('document 7: btc_addr is not a valid address');
  });

  it('names the dates the import brought and offers to show exactly those', async () => {
    const { client, push } = importClient();
    const view = mountView(client);
    await view.get('[data-testid="import-path"]').setValue('/dumps/GroupB');
    await view.get('form').trigger('submit');
    await flushPromises();
    const range = { from: Date.UTC(2015, 10, 9, 15), to: Date.UTC(2015, 10, 12, 9) };
    push({ type: 'import', progress: progress({ state: 'done', done: 480, imported: 450, range, finishedAt: Date.now() }) });
    await flushPromises();
    expect(view.get('[data-testid="import-range"]').text()).toBe('History from 2015-11-09 – 2015-11-12 UTC');
    const link = view.get('[data-testid="import-show-range"]');
    expect(link.text()).toBe('Show 2015-11-09 – 2015-11-12 UTC →');
    await link.trigger('click');
    expect(view.emitted('showRange')).toEqual([[range]]);
  });

  it("shows the engine's refusal and checks a MongoDB URI before sending it", async () => {
    const { client, started } = importClient({ start: () => Promise.reject(new AppError('conflict', 'an import is already running')) });
    const view = mountView(client);
    await view.get('[data-testid="import-path"]').setValue('/dumps/GroupB');
    await view.get('form').trigger('submit');
    await flushPromises();
    expect(view.get('[data-testid="import-error"]').text()).toBe('an import is already running');

    await view.get('[data-testid="import-kind-mongodb"]').setValue(true);
    await view.get('[data-testid="import-uri"]').setValue('http://127.0.0.1:27017');
    await view.get('form').trigger('submit');
    expect(view.get('[data-testid="import-error"]').text()).toBe('A MongoDB URI starts with mongodb:// or mongodb+srv://.');
    expect(started).toHaveLength(1);
  });
});
