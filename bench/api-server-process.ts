/**
 * The API under load runs here, in its own process, started exactly as `headless` starts it
 * (the engine with its local API), so the load generator does not share its event loop.
 */
import { startEngine } from '../main/engine/engine.js';
import { silentLogger } from '../main/logging/logger.js';

const dataDir = process.argv[2]!;
const engine = await startEngine({ logger: silentLogger(), dataDir, source: null, apiPort: 0 });
process.send!({ url: engine.api!.url });
process.once('message', () => {
  void engine.stop().then(() => process.exit(0));
});
