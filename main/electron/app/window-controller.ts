import { describeError } from '../../../shared/errors.js';
import type { ShellWindow } from './electron-ports.js';

export interface WindowControllerOptions<W extends ShellWindow> {
  /** False until Electron's `ready`: no window can be made before it. */
  isReady(): boolean;
  /** Makes the dashboard window at a URL (main-window.ts's createMainWindow with the current theme). */
  open(url: string): W;
  /** The dashboard's home route. */
  appUrl: string;
  report(message: string): void;
}

/**
 * The one dashboard window: made on demand, forgotten when closed (the app lives on in the tray),
 * and restored, shown and focused when asked for again, at the route asked for.
 */
export class MainWindowController<W extends ShellWindow> {
  readonly #options: WindowControllerOptions<W>;
  #window: W | null = null;

  constructor(options: WindowControllerOptions<W>) {
    this.#options = options;
  }

  /** The open window, or null when there is none. */
  get current(): W | null {
    return this.#window !== null && !this.#window.isDestroyed() ? this.#window : null;
  }

  show(url: string = this.#options.appUrl): void {
    // A second launch can arrive while this one is still starting; the window opens at `ready` anyway.
    if (!this.#options.isReady()) return;
    const window = this.current;
    if (window === null) {
      this.#open(url);
      return;
    }
    if (url !== this.#options.appUrl) {
      window.loadURL(url).catch((error: unknown) => this.#options.report(`could not open ${url}: ${describeError(error)}`));
    }
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  }

  #open(url: string): void {
    const window = this.#options.open(url);
    this.#window = window;
    window.on('closed', () => {
      if (this.#window === window) this.#window = null;
    });
  }
}
