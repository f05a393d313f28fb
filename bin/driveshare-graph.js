#!/usr/bin/env node
// Runs the TypeScript CLI directly: the engine is plain Node, so no build step stands between a
// checkout and `driveshare-graph collect`.
import { register } from 'tsx/esm/api';

register();
await import('../main/cli/index.ts');
