import { LOOPBACK_HOST } from '../../shared/defaults.js';

/**
 * The local API's port is taken. Callers decide what to do by type: the CLI prints the message
 * and exits, the desktop engine moves the API to a free port.
 */
export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(`port ${port} on ${LOOPBACK_HOST} is already in use: choose another with --port (0 picks a free one)`);
    this.name = 'PortInUseError';
  }
}
