import type { Linter } from 'eslint';

/** The layers of our folders, lowest first; see boundaries.js. */
export declare const LAYERS: readonly (readonly string[])[];
declare const config: Linter.Config[];
export default config;
