import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeOf, resolveRendererFile } from '../../../main/electron/app-protocol.js';

const root = resolve('/opt/driveshare-graph/out/renderer');

describe('serving the renderer at driveshare://app/', () => {
  it('maps app URLs to files inside the renderer folder', () => {
    expect(resolveRendererFile(root, 'driveshare://app/index.html')).toBe(join(root, 'index.html'));
    expect(resolveRendererFile(root, 'driveshare://app/')).toBe(join(root, 'index.html'));
    expect(resolveRendererFile(root, 'driveshare://app/assets/index-abc.js?v=1#x')).toBe(join(root, 'assets', 'index-abc.js'));
  });

  it('never leaves the renderer folder', () => {
    expect(resolveRendererFile(root, 'driveshare://app/../../../etc/passwd')).toBe(join(root, 'etc', 'passwd'));
    // URL parsing already folds dot segments, escaped or not, at the root.
    expect(resolveRendererFile(root, 'driveshare://app/%2e%2e/%2e%2e/etc/passwd')).toBe(join(root, 'etc', 'passwd'));
    // Escaped slashes survive parsing and are decoded afterwards: the resolved path must still be checked.
    expect(resolveRendererFile(root, 'driveshare://app/assets/%2e%2e%2f%2e%2e%2f..%2fsecret')).toBeNull();
    expect(resolveRendererFile(root, 'driveshare://app/a%00b')).toBeNull();
    expect(resolveRendererFile(root, 'driveshare://app/%E0%A4%A')).toBeNull();
  });

  it('answers only its own scheme and host', () => {
    expect(resolveRendererFile(root, 'driveshare://other/index.html')).toBeNull();
    expect(resolveRendererFile(root, 'file:///etc/passwd')).toBeNull();
    expect(resolveRendererFile(root, 'not a url')).toBeNull();
  });

  it('labels files with their content type', () => {
    expect(contentTypeOf('index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeOf('a.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf('a.bin')).toBe('application/octet-stream');
  });
});
