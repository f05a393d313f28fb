import { inject, ref, shallowRef, type InjectionKey, type Ref, type ShallowRef } from 'vue';
import type { DriveshareClient } from '../../shared/client.js';
import type { Settings, SettingsPatch } from '../../shared/model/settings.js';
import { describeError } from '../../shared/errors.js';

export interface SettingsStore {
  settings: ShallowRef<Settings | null>;
  loadError: Ref<string | null>;
  load(): Promise<void>;
  /** Applies a patch and keeps what the engine answered (it may normalise values). */
  update(patch: SettingsPatch): Promise<Settings>;
}

export const settingsKey: InjectionKey<SettingsStore> = Symbol('settings');

export function createSettingsStore(client: DriveshareClient): SettingsStore {
  const settings = shallowRef<Settings | null>(null);
  const loadError = ref<string | null>(null);
  return {
    settings,
    loadError,
    async load() {
      try {
        settings.value = await client.getSettings();
        loadError.value = null;
      } catch (error) {
        loadError.value = describeError(error);
      }
    },
    async update(patch) {
      const updated = await client.updateSettings(patch);
      settings.value = updated;
      return updated;
    },
  };
}

export function useSettings(): SettingsStore {
  const store = inject(settingsKey);
  if (store === undefined) throw new Error('useSettings() called outside the app (no settings store provided)');
  return store;
}
