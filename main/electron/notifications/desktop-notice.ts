import type { Notification, NotificationConstructorOptions } from 'electron';
import type { DesktopNotice } from '../engine-host/protocol.js';

/** What is done with one notification (Electron's `on` returns the whole Notification, so it is listed, not picked). */
export interface DesktopNotification extends Pick<Notification, 'show'> {
  on(event: 'click', listener: () => void): unknown;
}

/** Electron's `Notification` class, taken as a parameter so the shell's logic runs under Node in tests. */
export interface NotificationClass {
  new (options: NotificationConstructorOptions): DesktopNotification;
  isSupported(): boolean;
}

/**
 * Shows one notice as a system notification; clicking it opens the app (at the address it is
 * about, if any). Where the desktop has no notification service, notices are dropped quietly:
 * the tray still shows the same state.
 */
export function showDesktopNotice(
  Notification: NotificationClass,
  iconPath: string,
  notice: DesktopNotice,
  open: (address: string | null) => void,
): void {
  if (!Notification.isSupported()) return;
  const notification = new Notification({ title: notice.title, body: notice.body, icon: iconPath });
  notification.on('click', () => open(notice.address));
  notification.show();
}
