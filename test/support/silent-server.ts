import { createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP server on 127.0.0.1 that accepts connections and never answers: to a MongoDB client it
 * looks like a server that hangs in the handshake. `connections` counts what it accepted.
 */
export interface SilentServer {
  readonly port: number;
  readonly connections: () => number;
  close(): Promise<void>;
}

export async function silentServer(): Promise<SilentServer> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server: Server = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the silent server has no TCP port');
  return {
    port: address.port,
    connections: () => accepted,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A URI that, taken as written, would let every driver wait last forever. */
export function unboundedUri(port: number): string {
  return `mongodb://127.0.0.1:${port}/GroupB?serverSelectionTimeoutMS=0&connectTimeoutMS=0&socketTimeoutMS=0`;
}
