import { Option } from 'commander';
import { mongodbUri } from './option-parsers.js';

/** What `--store` does on a command that writes or follows raw scrapes. */
export const STORE_OPTION_DESCRIPTION =
  'keep raw scrapes in this shared MongoDB (mongodb://host/db, the original\'s farmers/totalStorage collections) instead of the data directory\'s SQLite';

/** What `--store` does on a command that only reads the raw history. */
export const READ_STORE_OPTION_DESCRIPTION = 'read raw history from this shared MongoDB (mongodb://host/db) instead of the data directory\'s SQLite';

/** `--store <uri>`: the one raw-store option of every command, checked by the one MongoDB URI parser. */
export function storeOption(description = STORE_OPTION_DESCRIPTION): Option {
  return new Option('--store <uri>', description).argParser(mongodbUri);
}
