import type { Command } from 'commander';

/** Each command module adds itself here; the list is the CLI's table of contents. */
const commands: ReadonlyArray<(program: Command) => void> = [];

export function registerCommands(program: Command): void {
  for (const register of commands) register(program);
}
