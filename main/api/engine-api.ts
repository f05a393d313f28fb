import type { AddressInfo } from 'node:net';
import type { HandlerContext } from '../handlers/context.js';
import type { Logger } from '../logging/logger.js';
import { PortInUseError } from './port-in-use-error.js';

export interface EngineApiOptions {
  /** The engine's handler context: the routes answer from it, as the desktop's IPC does. */
  context: HandlerContext;
  port: number;
  rendererDir: string | null;
  logger: Logger;
}

export interface EngineApi {
  readonly url: string;
  readonly port: number;
  /** The socket address actually bound (always 127.0.0.1). */
  readonly address: AddressInfo;
  close(): Promise<void>;
}

/**
 * The local HTTP API as the engine starts it: an adapter over the engine's handler context, which
 * the API neither builds nor closes. A port already in use is a `PortInUseError`. fastify and its
 * plugins are loaded here, when an API starts, so commands without one (`collect`) never read them.
 */
export async function startEngineApi(options: EngineApiOptions): Promise<EngineApi> {
  const { startApiServer } = await import('./server.js');
  try {
    const server = await startApiServer(options.context, { port: options.port, rendererDir: options.rendererDir, logger: options.logger });
    return { url: server.url, port: server.port, address: server.address, close: () => server.close() };
  } catch (error) {
    if (isAddressInUse(error)) throw new PortInUseError(options.port);
    throw error;
  }
}

function isAddressInUse(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'EADDRINUSE';
}
