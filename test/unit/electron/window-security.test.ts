import { describe, expect, it } from 'vitest';
import {
  APP_ORIGIN,
  contentSecurityPolicy,
  isAllowedExternalUrl,
  isAllowedNavigation,
  openExternal,
  secureWebPreferences,
  windowOpenDecision,
  withContentSecurityPolicy,
} from '../../../main/electron/window-security.js';

const packaged = { appOrigin: APP_ORIGIN, development: false };
const development = { appOrigin: 'http://localhost:5173', development: true };

function recordingShell() {
  const opened: string[] = [];
  return { opened, shell: { openExternal: async (url: string) => void opened.push(url) } };
}

describe('external links', () => {
  it.each(['https://storj.io/', 'http://127.0.0.1:7780/api/summary/1abc', 'https://example.com/a?b=c#d'])(
    'opens the http(s) link %s',
    (url) => expect(isAllowedExternalUrl(url)).toBe(true),
  );

  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'smb://host/share',
    'driveshare://app/index.html',
    'ms-msdt:/id',
    'not a url',
    '',
    'https://user:secret@example.com/',
  ])('refuses %s', (url) => expect(isAllowedExternalUrl(url)).toBe(false));

  it('hands only allowed links to the system browser', async () => {
    const { opened, shell } = recordingShell();
    expect(await openExternal(shell, 'https://storj.io/')).toBe(true);
    expect(await openExternal(shell, 'file:///etc/passwd')).toBe(false);
    expect(opened).toEqual(['https://storj.io/']);
  });
});

describe('navigation', () => {
  it('stays inside the packaged app origin', () => {
    expect(isAllowedNavigation('driveshare://app/index.html#/address/1abc', packaged)).toBe(true);
    expect(isAllowedNavigation('https://evil.example/', packaged)).toBe(false);
    expect(isAllowedNavigation('file:///home/user/index.html', packaged)).toBe(false);
    expect(isAllowedNavigation('driveshare://other/index.html', packaged)).toBe(false);
  });

  it('allows the dev server in development and nothing else', () => {
    expect(isAllowedNavigation('http://localhost:5173/#/network', development)).toBe(true);
    expect(isAllowedNavigation('http://localhost:5174/', development)).toBe(false);
    expect(isAllowedNavigation('https://localhost:5173/', development)).toBe(false);
  });
});

describe('new windows', () => {
  it('never opens a window; http(s) targets go to the system browser, others are reported', async () => {
    const { opened, shell } = recordingShell();
    const reports: string[] = [];
    expect(windowOpenDecision({ url: 'https://storj.io/' }, shell, (m) => reports.push(m))).toEqual({ action: 'deny' });
    expect(windowOpenDecision({ url: 'file:///etc/passwd' }, shell, (m) => reports.push(m))).toEqual({ action: 'deny' });
    await Promise.resolve();
    expect(opened).toEqual(['https://storj.io/']);
    expect(reports).toEqual(['blocked a new window for file:///etc/passwd']);
  });
});

describe('content security policy', () => {
  it('allows only the app itself to run scripts, with no inline code, in the packaged app', () => {
    const policy = contentSecurityPolicy(packaged);
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain('unsafe-inline');
    expect(policy).not.toContain('unsafe-eval');
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("frame-ancestors 'none'");
  });

  it('admits the dev server and its hot-reload socket in development only', () => {
    const policy = contentSecurityPolicy(development);
    expect(policy).toContain("script-src 'self' http://localhost:5173");
    expect(policy).toContain('ws://localhost:5173');
    expect(policy).not.toContain('unsafe-eval');
  });

  it('replaces any Content-Security-Policy a response brought and keeps the other headers', () => {
    const headers = withContentSecurityPolicy(
      { 'content-security-policy': "default-src *", 'Content-Type': 'text/html', 'Set-Cookie': ['a=1', 'b=2'] },
      packaged,
    );
    expect(headers['content-security-policy']).toBeUndefined();
    expect(headers['Content-Security-Policy']).toEqual([contentSecurityPolicy(packaged)]);
    expect(headers['Content-Type']).toEqual(['text/html']);
    expect(headers['Set-Cookie']).toEqual(['a=1', 'b=2']);
  });
});

describe('web preferences', () => {
  it('isolates the page from Node and the preload', () => {
    expect(secureWebPreferences('/app/preload.cjs')).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });
});
