import { Option, type Command } from 'commander';
import { DEFAULT_SIMULATED_FARMERS, DEFAULT_SIMULATION_SEED, DEFAULT_SOURCE_URL, PORT_BOUNDS } from '../../../shared/defaults.js';
import { MALFORMED_KINDS, type MalformedKind } from '../../simulator/faults.js';
import { farmerCount, integerIn, numberIn } from '../option-parsers.js';
import { reportErrors } from '../report-error.js';
import { stopOnSignal } from '../stop-on-signal.js';

interface SimulateOptions {
  port: number;
  host: string;
  farmers: number;
  seed: string;
  errorRate: number;
  latency: number;
  malformed?: MalformedKind;
  malformedRate: number;
  oversizeBytes?: number;
}

/** dataserv's own port, so the simulator stands where a real status server would (DEFAULT_SOURCE_URL). */
const SIMULATOR_PORT = Number(new URL(DEFAULT_SOURCE_URL).port);

/** `simulate`: a dataserv-compatible status server over a simulated network, with optional faults. */
export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description('serve a simulated dataserv status API (/api/online/json, /api/total) for demos and tests')
    .option('--port <port>', 'port to listen on (0: a free one)', integerIn(PORT_BOUNDS), SIMULATOR_PORT)
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--farmers <count>', 'about how many farmers are online at a time', farmerCount, DEFAULT_SIMULATED_FARMERS)
    .option('--seed <seed>', 'seed of the simulated network (same seed, same network)', DEFAULT_SIMULATION_SEED)
    .option('--error-rate <share>', 'share of requests answered with HTTP 500 (0–1)', numberIn(0, 1), 0)
    .option('--latency <ms>', 'delay before each answer, in ms', integerIn({ minimum: 0, maximum: 600_000 }), 0)
    .addOption(new Option('--malformed <kind>', 'spoil /api/online/json this way').choices(MALFORMED_KINDS))
    .option('--malformed-rate <share>', 'share of requests spoiled by --malformed (0–1)', numberIn(0, 1), 1)
    .option('--oversize-bytes <bytes>', 'body size for --malformed oversized (default 65 MiB)', integerIn({ minimum: 1, maximum: 2 ** 31 - 1 }))
    .action((options: SimulateOptions) =>
      reportErrors(async () => {
        const [{ createLogger, subsystemLogger }, { startSimulator }] = await Promise.all([import('../../logging/logger.js'), import('../../simulator/server.js')]);
        const simulator = await startSimulator({
          port: options.port,
          host: options.host,
          farmers: options.farmers,
          seed: options.seed,
          logger: subsystemLogger(createLogger(), 'simulator'),
          faults: {
            errorRate: options.errorRate,
            latencyMs: options.latency,
            malformed: options.malformed ?? null,
            malformedRate: options.malformedRate,
            ...(options.oversizeBytes !== undefined ? { oversizeBytes: options.oversizeBytes } : {}),
          },
        });
        console.log(`simulated status server with about ${options.farmers.toLocaleString('en-US')} farmers (seed ${options.seed}) at ${simulator.url}`);
        console.log(`  ${simulator.url}/api/online/json   ${simulator.url}/api/total   (Ctrl-C stops)`);
        await stopOnSignal(() => simulator.close(), 'closing the server and its open connections');
        console.log('stopped');
      }),
    );
}
