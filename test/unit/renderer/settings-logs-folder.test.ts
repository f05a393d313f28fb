// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import type { DriveshareClient } from '../../../shared/client.js';
import { AppError } from '../../../shared/errors.js';
import { DEFAULT_SETTINGS, type Settings } from '../../../shared/model/settings.js';
import { clientKey } from '../../../renderer/composables/client.js';
import { createSettingsStore, settingsKey } from '../../../renderer/composables/settings.js';
import { createStatusStore, statusKey } from '../../../renderer/composables/status.js';
import SettingsView from '../../../renderer/views/SettingsView.vue';

/** The Settings view's "Open logs folder": offered only by a client that can open a folder (the desktop's). */
function settingsClient(openLogsFolder?: () => Promise<void>): DriveshareClient {
  const client = {
    getSettings: async (): Promise<Settings> => DEFAULT_SETTINGS,
    updateSettings: async (): Promise<Settings> => DEFAULT_SETTINGS,
    onEvent: () => () => undefined,
    ...(openLogsFolder === undefined ? {} : { openLogsFolder }),
  };
  // The view calls only the methods above (and openLogsFolder when present).
  return client as unknown as DriveshareClient;
}

let wrapper: VueWrapper | null = null;
let stopStatus: (() => void) | null = null;
afterEach(() => {
  wrapper?.unmount();
  stopStatus?.();
});

async function mountView(client: DriveshareClient): Promise<VueWrapper> {
  const store = createSettingsStore(client);
  await store.load();
  // The view reads the collector's status (what this run uses); no status has arrived here.
  const status = createStatusStore(client);
  stopStatus = status.stop;
  wrapper = mount(SettingsView, { global: { provide: { [clientKey as symbol]: client, [settingsKey as symbol]: store, [statusKey as symbol]: status } } });
  await flushPromises();
  return wrapper;
}

describe('the logs folder in Settings', () => {
  it('is not offered where the client cannot open folders (a browser)', async () => {
    const view = await mountView(settingsClient());
    expect(view.find('[data-testid="settings-form"]').exists()).toBe(true);
    expect(view.find('[data-testid="open-logs-folder"]').exists()).toBe(false);
  });

  it('asks the client to open it', async () => {
    let opened = 0;
    const view = await mountView(settingsClient(async () => void (opened += 1)));
    await view.get('[data-testid="open-logs-folder"]').trigger('click');
    await flushPromises();
    expect(opened).toBe(1);
    expect(view.find('[data-testid="logs-section"] [role="alert"]').exists()).toBe(false);
  });

  it('shows why it could not be opened', async () => {
    const view = await mountView(
      settingsClient(async () => {
        throw new AppError('unavailable', 'cannot open the logs folder /data/logs: no file manager');
      }),
    );
    await view.get('[data-testid="open-logs-folder"]').trigger('click');
    await flushPromises();
    expect(view.get('[data-testid="logs-section"] [role="alert"]').text()).toBe('cannot open the logs folder /data/logs: no file manager');
  });
});
