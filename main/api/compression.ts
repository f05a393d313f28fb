import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import fastifyCompress from '@fastify/compress';
import type { FastifyReply } from 'fastify';
import type { ApiApp } from './app-type.js';
import { COMPRESSION_THRESHOLD_BYTES, type ContentEncoding } from './asset-encodings.js';

/** Brotli at quality 4 compresses the network payload about 3× better than gzip, in a third of the time. */
const BROTLI_QUALITY = 4;

/**
 * Every answer of 1 KiB or more (API JSON, the dashboard's scripts and styles) goes out compressed
 * when the client accepts it; event streams stay plain so each event arrives when it is sent.
 */
export async function registerCompression(app: ApiApp): Promise<void> {
  await app.register(fastifyCompress, {
    encodings: ['br', 'gzip'],
    threshold: COMPRESSION_THRESHOLD_BYTES,
    brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY } },
  });
}

/** The q-value a client gave `coding` in Accept-Encoding (`*` included), or 0 when it did not list it. */
function qualityOf(accepted: readonly { coding: string; q: number }[], coding: string): number {
  return accepted.find((entry) => entry.coding === coding)?.q ?? accepted.find((entry) => entry.coding === '*')?.q ?? 0;
}

/**
 * The encoding to answer in, from an Accept-Encoding header: brotli when accepted at least as much
 * as gzip, gzip otherwise, null for an identity answer. `q=0` means "not this one".
 */
export function negotiateEncoding(header: string | undefined): ContentEncoding | null {
  if (header === undefined || header.trim() === '') return null;
  const accepted = header.split(',').map((part) => {
    const [coding = '', ...parameters] = part.trim().toLowerCase().split(';');
    const q = parameters.map((parameter) => /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(parameter)?.[1]).find((value) => value !== undefined);
    return { coding: coding.trim(), q: q === undefined ? 1 : Number(q) };
  });
  const br = qualityOf(accepted, 'br');
  const gzip = qualityOf(accepted, 'gzip');
  if (br > 0 && br >= gzip) return 'br';
  return gzip > 0 ? 'gzip' : null;
}

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * A serialized answer with its compressed forms, each made once, the first time a client asks for
 * it, on libuv's thread pool: compressing the network payload of 25,000 farmers took 50–150 ms,
 * which on the event loop every other request waited for.
 */
export class PreparedBody {
  readonly text: string;
  readonly #compressed = new Map<ContentEncoding, Promise<Buffer>>();

  constructor(text: string) {
    this.text = text;
  }

  encoded(encoding: ContentEncoding): Promise<Buffer> {
    let body = this.#compressed.get(encoding);
    if (body === undefined) {
      body = encoding === 'br' ? brotliAsync(this.text, { params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY } }) : gzipAsync(this.text);
      // A failed compression is not kept: the next request tries again.
      body.catch(() => this.#compressed.delete(encoding));
      this.#compressed.set(encoding, body);
    }
    return body;
  }

  /**
   * Sends the form the request accepts. Setting Content-Encoding here tells the compression
   * plugin the body is already encoded, so a cached answer is never compressed twice.
   */
  async send(reply: FastifyReply, acceptEncoding: string | undefined): Promise<void> {
    void reply.type('application/json; charset=utf-8');
    const encoding = Buffer.byteLength(this.text) >= COMPRESSION_THRESHOLD_BYTES ? negotiateEncoding(acceptEncoding) : null;
    appendVary(reply, 'Accept-Encoding');
    if (encoding === null) {
      void reply.send(this.text);
      return;
    }
    const body = await this.encoded(encoding);
    void reply.header('content-encoding', encoding).send(body);
  }
}

function appendVary(reply: FastifyReply, field: string): void {
  const current = reply.getHeader('vary');
  const listed = typeof current === 'string' ? current.split(',').map((name) => name.trim().toLowerCase()) : [];
  if (listed.includes(field.toLowerCase())) return;
  void reply.header('vary', typeof current === 'string' && current !== '' ? `${current}, ${field}` : field);
}
