import { describeError } from '../../shared/errors.js';
import type { HandlerDetails, Session, Shell, WebContents, WebPreferences, WindowOpenHandlerResponse } from 'electron';

/**
 * All window security in one place. The decisions are plain functions (tested under Node); the
 * wiring takes Electron's objects as parameters and imports nothing from Electron at run time, so
 * this module loads in tests without the Electron binary.
 *
 * The renderer shows data that came from the network (addresses, numbers, error messages from the
 * status server), so it is treated as untrusted: no Node, no navigation, no new windows, no
 * permissions, and links leave the app only through `openExternal`.
 */

/** The renderer is served from this privileged scheme, never from file:// (which would expose the whole disk). */
export const APP_SCHEME = 'driveshare';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export interface SecurityContext {
  /** Origin the renderer is loaded from: `APP_ORIGIN` when packaged, the Vite dev server in development. */
  appOrigin: string;
  /** Development relaxes the CSP just enough for Vite's injected styles and hot-reload socket. */
  development: boolean;
}

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

export function contentSecurityPolicy(context: SecurityContext): string {
  const devOrigin = context.development ? ` ${context.appOrigin}` : '';
  const devSocket = context.development ? ` ${context.appOrigin.replace(/^http/, 'ws')}` : '';
  const directives = [
    "default-src 'none'",
    `script-src 'self'${devOrigin}`,
    // Vite injects <style> elements in development; the production build links CSS files only.
    `style-src 'self'${devOrigin}${context.development ? " 'unsafe-inline'" : ''}`,
    // chart.js exports PNGs as data: URLs and CSV export builds blob: URLs.
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${devOrigin}${devSocket}`,
    "worker-src 'none'",
    "object-src 'none'",
    "frame-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ];
  return directives.join('; ');
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** Only http(s) links with a host go to the system browser; file:, javascript:, custom schemes never do. */
export function isAllowedExternalUrl(url: string): boolean {
  const parsed = parseUrl(url);
  if (parsed === null) return false;
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  return parsed.hostname.length > 0 && parsed.username === '' && parsed.password === '';
}

/** The window may only (re)load its own app; everything else is denied. */
export function isAllowedNavigation(url: string, context: SecurityContext): boolean {
  const parsed = parseUrl(url);
  const app = parseUrl(context.appOrigin);
  if (parsed === null || app === null) return false;
  return parsed.protocol === app.protocol && parsed.host === app.host;
}

export type ExternalOpener = Pick<Shell, 'openExternal'>;

/**
 * The one way a link leaves the app. Returns whether it was opened; refused URLs are reported,
 * never thrown, because a bad link in the data must not break the page.
 */
export async function openExternal(shell: ExternalOpener, url: string): Promise<boolean> {
  if (!isAllowedExternalUrl(url)) return false;
  await shell.openExternal(url, { activate: true });
  return true;
}

export interface SecurityReporter {
  (message: string): void;
}

/** window.open / target=_blank: never a new window; an http(s) link opens in the system browser. */
export function windowOpenDecision(
  details: Pick<HandlerDetails, 'url'>,
  shell: ExternalOpener,
  report: SecurityReporter,
): WindowOpenHandlerResponse {
  if (isAllowedExternalUrl(details.url)) {
    openExternal(shell, details.url).catch((error: unknown) => report(`could not open ${details.url}: ${describeError(error)}`));
  } else {
    report(`blocked a new window for ${details.url}`);
  }
  return { action: 'deny' };
}

export function withContentSecurityPolicy(
  headers: Record<string, string | string[]> | undefined,
  context: SecurityContext,
): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    // A server-sent CSP must not widen ours: drop it whatever its spelling.
    if (name.toLowerCase() === 'content-security-policy') continue;
    result[name] = Array.isArray(value) ? value : [value];
  }
  result['Content-Security-Policy'] = [contentSecurityPolicy(context)];
  return result;
}

/** Session-wide rules: every response gets our CSP, every permission request and check is refused. */
export function secureSession(session: Session, context: SecurityContext, report: SecurityReporter): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders, context) });
  });
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    report(`denied the permission request "${permission}"`);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
}

/** Per-contents rules: no navigation away, no new windows, no <webview>. */
export function secureWebContents(
  contents: WebContents,
  context: SecurityContext,
  shell: ExternalOpener,
  report: SecurityReporter,
): void {
  const denyNavigation = (event: { preventDefault(): void }, url: string): void => {
    if (isAllowedNavigation(url, context)) return;
    event.preventDefault();
    report(`blocked navigation to ${url}`);
  };
  contents.on('will-navigate', (event) => denyNavigation(event, event.url));
  contents.on('will-redirect', (event) => denyNavigation(event, event.url));
  contents.on('will-frame-navigate', (event) => denyNavigation(event, event.url));
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    report('blocked a <webview>');
  });
  contents.setWindowOpenHandler((details) => windowOpenDecision(details, shell, report));
}

/** The one app event the security wiring listens to (Electron's `app` has it). */
export interface AppSecurityEvents {
  on(event: 'web-contents-created', listener: (event: Electron.Event, contents: WebContents) => void): unknown;
}

/** Applies the per-contents rules to every web contents the app ever creates, not only the main window. */
export function secureApp(app: AppSecurityEvents, context: SecurityContext, shell: ExternalOpener, report: SecurityReporter): void {
  app.on('web-contents-created', (_event, contents) => secureWebContents(contents, context, shell, report));
}
