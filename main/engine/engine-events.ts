import { EventEmitter } from 'node:events';
import type { EngineEvent } from '../../shared/model/events.js';

/**
 * The engine's one outward event stream (IPC in the desktop app, server-sent events over HTTP)
 * and its inward "history changed" signal (jobs fold new scrapes when it fires).
 */
export class EngineEventHub {
  private readonly emitter = new EventEmitter<{ event: [EngineEvent]; historyChanged: [] }>();

  constructor() {
    // Every open view and the jobs subscribe; the default limit of 10 is not a leak signal here.
    this.emitter.setMaxListeners(0);
  }

  emit(event: EngineEvent): void {
    this.emitter.emit('event', event);
  }

  /** Returns the unsubscribe function. */
  subscribe(listener: (event: EngineEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  /** New raw history is stored (a scrape, a backfill, an import). */
  historyChanged(): void {
    this.emitter.emit('historyChanged');
  }

  onHistoryChanged(listener: () => void): () => void {
    this.emitter.on('historyChanged', listener);
    return () => this.emitter.off('historyChanged', listener);
  }
}
