import { InvalidArgumentError } from 'commander';
import { isMongoUri } from '../store/mongodb/mongo-uri.js';

/** `--store <uri>`: the one raw-store option of every command that writes or follows raw scrapes. */
export const STORE_OPTION = '--store <uri>';
export const STORE_OPTION_DESCRIPTION =
  'keep raw scrapes in this shared MongoDB (mongodb://host/db, the original\'s farmers/totalStorage collections) instead of the data directory\'s SQLite';

export function mongodbUri(value: string): string {
  if (!isMongoUri(value)) throw new InvalidArgumentError(`"${value}" is not a mongodb:// or mongodb+srv:// URI`);
  return value;
}
