import { closeSync, openSync, readSync, readdirSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../shared/errors.js';
import { collectionFromFileName, isBsonFileName } from './bson-file-names.js';
import { detectOriginalTables, hasSqliteHeader, openOriginalSqlite } from './original-sqlite.js';

/** One unit of work of an import, in the order it runs. */
export type ImportStep =
  | { kind: 'bson'; file: string }
  | { kind: 'network-db'; file: string }
  | { kind: 'summary-db'; file: string };

/** The original's mongodump file names (plain or `--gzip`), the small totals first (charts appear sooner). */
const DUMP_FILES = ['totalStorage.bson', 'totalStorage.bson.gz', 'farmers.bson', 'farmers.bson.gz'];
const SQLITE_HEADER_BYTES = 16;

const WHAT_WORKS =
  'expected a mongodump folder (with farmers.bson / totalStorage.bson), a .bson or .bson.gz file, the original\'s network.db or summary.db, or a mongodb:// URI';

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

function readHeader(file: string): Buffer {
  const header = Buffer.alloc(SQLITE_HEADER_BYTES);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, header, 0, SQLITE_HEADER_BYTES, 0);
  } finally {
    closeSync(fd);
  }
  return header;
}

/** The steps for an SQLite file, by the tables in its sqlite_master; [] when it has none of the original's. */
function sqliteSteps(file: string): ImportStep[] {
  const db = openOriginalSqlite(file);
  try {
    const tables = detectOriginalTables(db);
    const steps: ImportStep[] = [];
    if (tables.farmers) steps.push({ kind: 'network-db', file });
    if (tables.summaries) steps.push({ kind: 'summary-db', file });
    return steps;
  } finally {
    db.close();
  }
}

function fileSteps(file: string): ImportStep[] {
  if (isBsonFileName(file)) return [{ kind: 'bson', file }];
  if (hasSqliteHeader(readHeader(file))) {
    const steps = sqliteSteps(file);
    if (steps.length === 0) {
      throw new AppError('bad_request', `${file}: an SQLite file without the original's tables farmers(address, first_date, last_date, uptime) or summaries(auth_address, date, ...)`);
    }
    return steps;
  }
  throw new AppError('bad_request', `${file}: not a source this app can import; ${WHAT_WORKS}`);
}

function dumpFilesIn(folder: string): string[] {
  return DUMP_FILES.map((name) => join(folder, name)).filter((file) => statOrNull(file)?.isFile() === true);
}

/**
 * The original's files in a folder: a mongodump database folder (GroupB/), a dump root holding
 * such folders (dump/GroupB/), and the original's SQLite files beside them.
 */
function folderSteps(folder: string): ImportStep[] {
  const entries = readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  const bson = dumpFilesIn(folder);
  if (bson.length === 0) {
    for (const entry of entries) if (entry.isDirectory()) bson.push(...dumpFilesIn(join(folder, entry.name)));
  }
  const sqlite: ImportStep[] = [];
  for (const entry of entries) {
    const file = join(folder, entry.name);
    if (!entry.isFile() || !/\.(db|sqlite3?)$/i.test(entry.name) || !hasSqliteHeader(readHeader(file))) continue;
    sqlite.push(...sqliteSteps(file));
  }
  const steps = [...bson.map((file): ImportStep => ({ kind: 'bson', file })), ...sqlite];
  if (steps.length === 0) throw new AppError('bad_request', `${folder}: nothing to import in this folder; ${WHAT_WORKS}`);
  // network.db before summary.db whatever their names: uptime history first, then the days.
  return steps.sort((a, b) => stepOrder(a) - stepOrder(b));
}

function stepOrder(step: ImportStep): number {
  if (step.kind === 'bson') return collectionFromFileName(step.file) === 'totalStorage' ? 0 : 1;
  return step.kind === 'network-db' ? 2 : 3;
}

/** What importing `path` means, decided from what is there (folder, .bson name, SQLite tables). */
export function detectSource(path: string): ImportStep[] {
  const stat = statOrNull(path);
  if (stat === null) throw new AppError('not_found', `${path}: no such file or folder`);
  if (stat.isDirectory()) return folderSteps(path);
  if (stat.isFile()) return fileSteps(path);
  throw new AppError('bad_request', `${path}: neither a file nor a folder; ${WHAT_WORKS}`);
}
