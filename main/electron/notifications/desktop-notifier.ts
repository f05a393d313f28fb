import type { DesktopNotifier } from '../../alerts/channels/desktop.js';
import { showDesktopNotice, type NotificationClass } from './desktop-notice.js';

/**
 * The desktop alert channel's port over Electron's Notification: the engine's desktop channel
 * shows its messages through this, as one channel among the others. A desktop without a
 * notification service is a failed delivery the channel test reports, not a silent drop.
 */
export function electronDesktopNotifier(Notification: NotificationClass, iconPath: string, open: (address: string | null) => void): DesktopNotifier {
  return {
    notify(notice) {
      if (!Notification.isSupported()) return Promise.reject(new Error('this desktop has no notification service'));
      showDesktopNotice(Notification, iconPath, notice, open);
      return Promise.resolve();
    },
  };
}
