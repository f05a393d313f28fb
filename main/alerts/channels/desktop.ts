import { describeError } from '../../../shared/errors.js';
import { messageText, type AlertMessage } from '../message.js';
import type { SendResult } from './send-result.js';

/**
 * The operating system's notifications, which only the desktop shell can show: it passes an
 * implementation in; headless there is none, and a desktop channel says so instead of pretending.
 */
export interface DesktopNotifier {
  /** Shows one notification; `address` is what a click opens, when the alert is about one node. */
  notify(notice: { title: string; body: string; address: string | null }): Promise<void>;
}

export const NO_DESKTOP = 'desktop notifications need the desktop app; this engine runs without a desktop (headless)';

export async function sendDesktop(notifier: DesktopNotifier | null, message: AlertMessage): Promise<SendResult> {
  if (notifier === null) return { ok: false, error: NO_DESKTOP, retryAfterMs: null };
  const addresses = new Set(message.events.map((event) => event.address));
  const only = addresses.size === 1 ? [...addresses][0]! : null;
  try {
    await notifier.notify({ title: message.title, body: messageText(message), address: only });
    return { ok: true };
  } catch (error) {
    return { ok: false, error: `the desktop did not show the notification: ${describeError(error)}`, retryAfterMs: null };
  }
}
