import type { Command } from 'commander';
import { registerAggregation } from './aggregation.js';
import { registerAlerts } from './alerts.js';
import { registerCollect } from './collect.js';
import { registerDoctor } from './doctor.js';
import { registerEvents } from './events.js';
import { registerHeadless } from './headless.js';
import { registerImport } from './import.js';
import { registerLogs } from './logs.js';
import { registerSimulate } from './simulate.js';
import { registerStats } from './stats.js';

/** Each command module adds itself here; the list is the CLI's table of contents. */
const commands: ReadonlyArray<(program: Command) => void> = [registerCollect, registerSimulate, registerHeadless, registerImport, registerAggregation, registerEvents, registerLogs, registerDoctor, registerStats, registerAlerts];

export function registerCommands(program: Command): void {
  for (const register of commands) register(program);
}
