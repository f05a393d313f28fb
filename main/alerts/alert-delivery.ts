import { ALERT_MESSAGE_MAX_EVENTS, ALERT_MESSAGE_MAX_LINES, ALERT_POLL_MS, ALERT_SEND_TIMEOUT_MS } from '../../shared/defaults.js';
import { describeError } from '../../shared/errors.js';
import type { AlertChannel, AlertTestResult } from '../../shared/model/alerts.js';
import type { Logger } from '../logging/logger.js';
import type { SqliteDatabase } from '../store/sqlite/sqlite-database.js';
import { DEFAULT_ALERT_BACKOFF, retryDelayMs, type BackoffOptions } from './backoff.js';
import { findChannel, testChannel } from './channel-test.js';
import type { DesktopNotifier } from './channels/desktop.js';
import { sendMessage, type SendDependencies } from './channels/send.js';
import { recordDelivery, trimDeliveryLog } from './delivery-log.js';
import { composeAlert } from './message.js';
import { OutboxStore } from './outbox.js';
import { quietHoursEnd } from './quiet-hours.js';

export interface AlertDeliveryOptions {
  /** The engine's writable connection (the outbox and the log are written here). */
  db: SqliteDatabase;
  /** The channels as configured now (settings), read on every pass. */
  channels: () => readonly AlertChannel[];
  desktop: DesktopNotifier | null;
  logger: Logger;
  clock?: () => number;
  /** Uniform in [0, 1): the backoff's jitter (tests inject a fixed sequence). */
  random?: () => number;
  pollMs?: number;
  timeoutMs?: number;
  backoff?: BackoffOptions;
  maxLines?: number;
  maxEventsPerMessage?: number;
}

/** Groups one channel may send in one pass before the other channels get their turn. */
const MAX_GROUPS_PER_PASS = 50;
/** How long `stop()` waits for a send in flight before leaving it (it is sent again after a restart). */
const STOP_WAIT_MS = 500;

/**
 * The delivery loop of the engine's main process: every `pollMs` it admits new outbox entries to
 * each channel, sends what is due (one message per scrape's worth of events per channel), and
 * records the outcome; a failure is retried with exponential backoff and full jitter until the
 * receiver takes it. Delivery is at least once: an entry leaves the outbox only after its send
 * succeeded, so a crash between the two sends it again, with the same event ids.
 */
export class AlertDelivery {
  readonly #options: AlertDeliveryOptions;
  readonly #store: OutboxStore;
  readonly #clock: () => number;
  readonly #random: () => number;
  readonly #stop = new AbortController();
  #timer: NodeJS.Timeout | null = null;
  #pass: Promise<void> | null = null;
  #running = false;
  #wakeAfterPass = false;

  constructor(options: AlertDeliveryOptions) {
    this.#options = options;
    this.#store = new OutboxStore(options.db);
    this.#clock = options.clock ?? Date.now;
    this.#random = options.random ?? Math.random;
  }

  start(): void {
    if (this.#running || this.#stop.signal.aborted) return;
    this.#running = true;
    this.#schedule(0);
  }

  /** Stops within a second: no new pass starts, a send in flight is abandoned and nothing more is written. */
  async stop(): Promise<void> {
    this.#running = false;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#stop.abort();
    const pass = this.#pass;
    if (pass === null) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([pass, new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_WAIT_MS)))]);
    clearTimeout(timer);
  }

  /** One pass now (the loop's step; tests drive it directly). Waits for a pass already running. */
  runOnce(): Promise<void> {
    if (this.#pass !== null) return this.#pass;
    const pass = this.#deliver()
      .catch((error: unknown) => {
        if (!this.#stop.signal.aborted) this.#options.logger.error(`alert delivery: ${describeError(error)}`);
      })
      .finally(() => {
        this.#pass = null;
      });
    this.#pass = pass;
    return pass;
  }

  /**
   * Starts a pass now instead of at the next poll (the engine calls it when new events are
   * stored, so an alert goes out as soon as the fold's transaction committed). A pass already
   * running is followed by another, since the entries may have arrived after it read the outbox.
   */
  wake(): void {
    if (!this.#running) return;
    if (this.#pass !== null) {
      this.#wakeAfterPass = true;
      return;
    }
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#schedule(0);
  }

  /**
   * Registers channels added to the settings at once (called on every settings change), so a new
   * channel's start in the outbox is the moment it was saved, not the loop's next pass.
   */
  channelsChanged(): void {
    if (this.#stop.signal.aborted) return;
    const channels = this.#options.channels();
    try {
      if (channels.length > 0) this.#store.syncChannels(channels, this.#clock());
    } catch (error) {
      // The saved settings stand; the loop's next pass registers the channels.
      this.#options.logger.error(`alert channels: ${describeError(error)}`);
    }
  }

  /** Sends a test message through the channel with this id or name and logs the outcome. */
  async test(idOrName: string): Promise<AlertTestResult> {
    const channel = findChannel(this.#options.channels(), idOrName);
    const result = await testChannel(channel, this.#sendDependencies());
    if (!this.#stop.signal.aborted) {
      recordDelivery(this.#options.db, {
        time: this.#clock(),
        channelId: channel.id,
        channelName: channel.name,
        eventIds: [],
        outcome: result.ok ? 'test-delivered' : 'test-failed',
        attempt: 1,
        error: result.error ?? null,
      });
    }
    return result;
  }

  #schedule(delayMs: number): void {
    if (!this.#running) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.runOnce().then(() => {
        const again = this.#wakeAfterPass;
        this.#wakeAfterPass = false;
        this.#schedule(again ? 0 : (this.#options.pollMs ?? ALERT_POLL_MS));
      });
    }, delayMs);
  }

  #sendDependencies(): SendDependencies {
    return { desktop: this.#options.desktop, timeoutMs: this.#options.timeoutMs ?? ALERT_SEND_TIMEOUT_MS, now: this.#clock, signal: this.#stop.signal };
  }

  async #deliver(): Promise<void> {
    const channels = this.#options.channels();
    // Without channels nothing is read or written: entries wait, and a channel added later starts after them.
    if (channels.length === 0) return;
    const now = this.#clock();
    this.#store.syncChannels(channels, now);
    for (const channel of channels) this.#store.admit(channel, now);
    let sent = false;
    for (const channel of channels) {
      if (this.#stop.signal.aborted) return;
      if (channel.enabled) sent = (await this.#deliverChannel(channel)) || sent;
    }
    if (this.#stop.signal.aborted) return;
    this.#store.prune();
    if (sent) trimDeliveryLog(this.#options.db, this.#clock());
  }

  /** Sends the channel's due groups, oldest first, until one fails; says whether anything was attempted. */
  async #deliverChannel(channel: AlertChannel): Promise<boolean> {
    for (let group = 0; group < MAX_GROUPS_PER_PASS; group += 1) {
      const now = this.#clock();
      const quietEnd = channel.quietHours === undefined ? null : quietHoursEnd(now, channel.quietHours);
      if (quietEnd !== null) {
        this.#store.hold(channel.id, quietEnd);
        return group > 0;
      }
      const due = this.#store.dueGroup(channel.id, now, this.#options.maxEventsPerMessage ?? ALERT_MESSAGE_MAX_EVENTS);
      if (due.length === 0) return group > 0;
      const message = composeAlert(channel, due.map((entry) => entry.event), this.#options.maxLines ?? ALERT_MESSAGE_MAX_LINES);
      const result = await sendMessage(channel, message, this.#sendDependencies());
      // After a stop the database may be closing: the entries stay pending and go out after a restart.
      if (this.#stop.signal.aborted) return true;
      const seqs = due.map((entry) => entry.seq);
      const attempt = Math.max(...due.map((entry) => entry.attempts)) + 1;
      const record = { time: this.#clock(), channelId: channel.id, channelName: channel.name, eventIds: due.map((entry) => entry.event.id), attempt };
      if (result.ok) {
        this.#store.delivered(channel.id, seqs);
        recordDelivery(this.#options.db, { ...record, outcome: 'delivered', error: null });
        continue;
      }
      const delay = retryDelayMs(attempt, this.#random, result.retryAfterMs, this.#options.backoff ?? DEFAULT_ALERT_BACKOFF);
      this.#store.failed(channel.id, seqs, record.time + delay, result.error);
      recordDelivery(this.#options.db, { ...record, outcome: 'failed', error: result.error });
      this.#options.logger.warn(`alert channel "${channel.name}": attempt ${attempt} failed (${result.error}); next in ${Math.round(delay / 1000)} s`);
      return true;
    }
    return true;
  }
}
