/**
 * Scrape bodies handed from the scale benchmark to its children as files, one pair per scrape
 * index: the child reads the text as the collector receives it, and the generator's memory stays
 * in the parent.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScrapeBodies } from '../main/collector/ingest.js';

const onlineFile = (dir: string, index: number): string => join(dir, `${index}.online.json`);
const totalFile = (dir: string, index: number): string => join(dir, `${index}.total.json`);

export function writeBodies(dir: string, index: number, bodies: ScrapeBodies): void {
  writeFileSync(onlineFile(dir, index), bodies.online);
  writeFileSync(totalFile(dir, index), bodies.total);
}

export function readBodies(dir: string, index: number): ScrapeBodies {
  return { online: readFileSync(onlineFile(dir, index), 'utf8'), total: readFileSync(totalFile(dir, index), 'utf8') };
}
