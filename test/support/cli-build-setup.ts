import { buildCli, cliBuildIsCurrent } from '../../scripts/build-cli.js';

/**
 * vitest's global setup: tests that run `driveshare-graph` run the compiled CLI, as a user does,
 * so it is rebuilt first whenever a source file is newer than the build.
 */
export default async function setup(): Promise<void> {
  if (!cliBuildIsCurrent()) await buildCli();
}
