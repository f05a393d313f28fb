import type { AlertChannel } from '../../shared/model/alerts.js';
import type { Settings } from '../../shared/model/settings.js';

/**
 * The channels as the delivery loop must treat them: the Notifications switch (Settings, tray) is
 * the desktop's master switch, so with it off every desktop channel counts as disabled — it
 * receives nothing, and nothing that happened meanwhile is shown when it is switched back on.
 */
export function effectiveChannels(settings: Pick<Settings, 'alertChannels' | 'notifications'>): AlertChannel[] {
  if (settings.notifications) return settings.alertChannels;
  return settings.alertChannels.map((channel) => (channel.kind === 'desktop' ? { ...channel, enabled: false } : channel));
}
