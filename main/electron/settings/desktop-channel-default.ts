import type { AlertChannel } from '../../../shared/model/alerts.js';
import type { SettingsStore } from '../../settings/settings-store.js';

/**
 * The desktop app's own alert channel: what the shell's notifications told before alerts existed
 * (a watched node offline and back, the collector failing and recovered), now as one channel
 * among the others, which the user may change, disable or remove in Settings.
 */
export const DEFAULT_DESKTOP_CHANNEL: AlertChannel = {
  id: 'desktop',
  name: 'Desktop notifications',
  enabled: true,
  rules: ['offline', 'online', 'collector-failing', 'collector-recovered'],
  kind: 'desktop',
};

/**
 * Gives a fresh install (no settings file before this start) the desktop channel. Only then:
 * a user who removed it keeps it removed, and headless installs, which have no desktop, never
 * get one (their settings file is another store).
 */
export function addDesktopChannelToFreshInstall(store: SettingsStore, fresh: boolean): void {
  if (!fresh || store.get().alertChannels.length > 0) return;
  store.update({ alertChannels: [DEFAULT_DESKTOP_CHANNEL] });
}
