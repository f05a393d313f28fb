import { request as httpRequest } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The body as it came over the wire (still compressed when Content-Encoding says so). */
  bytes: Buffer;
}

/**
 * One HTTP request exactly as written (fetch would normalize `..`, refuse to set Host, and add
 * headers of its own): for the security tests.
 */
export function rawRequest(
  target: { host?: string; port: number },
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: target.host ?? '127.0.0.1',
        port: target.port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: { host: `127.0.0.1:${target.port}`, ...options.headers },
        timeout: 5_000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const bytes = Buffer.concat(chunks);
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: bytes.toString('utf8'), bytes });
        });
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error('request timed out')));
    request.on('error', reject);
    request.end(options.body);
  });
}
