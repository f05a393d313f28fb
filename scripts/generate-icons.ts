/**
 * Draws the app and tray icons as PNGs with no image library: shapes are signed-distance
 * functions sampled 4×4 per pixel (anti-aliased edges), written with node's zlib.
 * Run: `npm run icons` (writes resources/*.png, which are
 * committed; rerun after a change).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

type Rgba = readonly [number, number, number, number];
/** Signed distance from (x, y) to the shape's edge in pixels; negative inside. */
type Shape = (x: number, y: number) => number;
interface Layer {
  shape: Shape;
  color: (x: number, y: number) => Rgba;
}

const SUPERSAMPLING = 4;

function roundedRectangle(left: number, top: number, right: number, bottom: number, radius: number): Shape {
  const centerX = (left + right) / 2;
  const centerY = (top + bottom) / 2;
  const halfWidth = (right - left) / 2 - radius;
  const halfHeight = (bottom - top) / 2 - radius;
  return (x, y) => {
    const dx = Math.abs(x - centerX) - halfWidth;
    const dy = Math.abs(y - centerY) - halfHeight;
    const outside = Math.hypot(Math.max(dx, 0), Math.max(dy, 0));
    return outside + Math.min(Math.max(dx, dy), 0) - radius;
  };
}

function circle(centerX: number, centerY: number, radius: number): Shape {
  return (x, y) => Math.hypot(x - centerX, y - centerY) - radius;
}

/** A thick polyline with round caps and joins. */
function polyline(points: readonly (readonly [number, number])[], halfWidth: number): Shape {
  return (x, y) => {
    let nearest = Infinity;
    for (let index = 1; index < points.length; index++) {
      const [ax, ay] = points[index - 1]!;
      const [bx, by] = points[index]!;
      const lengthSquared = (bx - ax) ** 2 + (by - ay) ** 2;
      const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / lengthSquared));
      nearest = Math.min(nearest, Math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay))));
    }
    return nearest - halfWidth;
  };
}

const solid = (color: Rgba) => () => color;

function verticalGradient(top: Rgba, bottom: Rgba, height: number) {
  return (_x: number, y: number): Rgba => {
    const t = Math.max(0, Math.min(1, y / height));
    return [0, 1, 2, 3].map((channel) => top[channel]! + (bottom[channel]! - top[channel]!) * t) as unknown as Rgba;
  };
}

/** Composites the layers (source-over) into straight-alpha RGBA bytes. */
function render(size: number, layers: readonly Layer[]): Buffer {
  const pixels = Buffer.alloc(size * size * 4);
  const step = 1 / SUPERSAMPLING;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let [red, green, blue, alpha] = [0, 0, 0, 0];
      for (const layer of layers) {
        let covered = 0;
        for (let sy = 0; sy < SUPERSAMPLING; sy++) {
          for (let sx = 0; sx < SUPERSAMPLING; sx++) {
            if (layer.shape(px + (sx + 0.5) * step, py + (sy + 0.5) * step) <= 0) covered++;
          }
        }
        if (covered === 0) continue;
        const [r, g, b, a] = layer.color(px + 0.5, py + 0.5);
        const sourceAlpha = (a / 255) * (covered / SUPERSAMPLING ** 2);
        const outAlpha = sourceAlpha + alpha * (1 - sourceAlpha);
        red = (r * sourceAlpha + red * alpha * (1 - sourceAlpha)) / outAlpha;
        green = (g * sourceAlpha + green * alpha * (1 - sourceAlpha)) / outAlpha;
        blue = (b * sourceAlpha + blue * alpha * (1 - sourceAlpha)) / outAlpha;
        alpha = outAlpha;
      }
      pixels.set([Math.round(red), Math.round(green), Math.round(blue), Math.round(alpha * 255)], (py * size + px) * 4);
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, index) => {
  let value = index;
  for (let bit = 0; bit < 8; bit++) value = value & 1 ? 0xedb88320 ^ (value >>> 1) : value >>> 1;
  return value >>> 0;
});

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

export function encodePng(size: number, rgba: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let row = 0; row < size; row++) {
    rows[row * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(rows, row * (size * 4 + 1) + 1, row * size * 4, (row + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The app icon, drawn on a 512 grid and scaled: storage bars under a rising network line. */
function appIcon(size: number): Buffer {
  const s = size / 512;
  const bar = (left: number, top: number): Layer => ({
    shape: roundedRectangle(left * s, top * s, (left + 72) * s, 404 * s, 14 * s),
    color: solid([148, 163, 184, 150]),
  });
  const line: [number, number][] = [
    [112, 318],
    [196, 262],
    [282, 290],
    [400, 150],
  ];
  const scaled = line.map(([x, y]) => [x * s, y * s] as const);
  return render(size, [
    { shape: roundedRectangle(24 * s, 24 * s, 488 * s, 488 * s, 104 * s), color: verticalGradient([30, 64, 175, 255], [15, 23, 42, 255], size) },
    bar(120, 300),
    bar(220, 240),
    bar(320, 190),
    { shape: polyline(scaled, 18 * s), color: solid([45, 212, 191, 255]) },
    ...scaled.map(([x, y]) => ({ shape: circle(x, y, 30 * s), color: solid([240, 253, 250, 255]) })),
    ...scaled.map(([x, y]) => ({ shape: circle(x, y, 17 * s), color: solid([20, 184, 166, 255]) })),
  ]);
}

export const TRAY_STATE_COLORS = {
  healthy: [22, 163, 74, 255],
  warning: [245, 158, 11, 255],
  error: [220, 38, 38, 255],
} as const satisfies Record<string, Rgba>;

/** A tray glyph on a 32 grid: three bars (readable on light and dark panels) and a status dot. */
function trayIcon(size: number, state: Rgba): Buffer {
  const s = size / 32;
  const bar = (left: number, top: number): Layer => ({
    shape: roundedRectangle(left * s, top * s, (left + 6) * s, 28 * s, 1.5 * s),
    color: solid([100, 116, 139, 255]),
  });
  return render(size, [
    bar(2, 16),
    bar(10, 9),
    bar(18, 3),
    { shape: circle(24 * s, 23 * s, 8 * s), color: solid([255, 255, 255, 255]) },
    { shape: circle(24 * s, 23 * s, 6 * s), color: solid(state) },
  ]);
}

function main(): void {
  const directory = fileURLToPath(new URL('../resources/', import.meta.url));
  writeFileSync(`${directory}icon.png`, encodePng(512, appIcon(512)));
  for (const [state, color] of Object.entries(TRAY_STATE_COLORS)) {
    writeFileSync(`${directory}tray-${state}.png`, encodePng(32, trayIcon(32, color)));
    writeFileSync(`${directory}tray-${state}@2x.png`, encodePng(64, trayIcon(64, color)));
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
