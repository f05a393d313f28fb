import { describe, expect, it } from 'vitest';
import { emptyCollectorState, foldCollectorAttempt } from '../../../main/events/collector-rules.js';
import { NOTHING_STORED, emptyDerivationHeader } from '../../../main/events/event-derivation.js';
import { openDatabase } from '../../../main/store/sqlite/open-database.js';
import { DEFAULT_SETTINGS } from '../../../shared/model/settings.js';
import type { NodeEvent } from '../../../shared/model/node-events.js';

/** Folds attempts at times 1, 2, 3, … ('x' failed, '.' stored) and lists the events as "time kind". */
function derive(attempts: string, failures = 3): NodeEvent[] {
  const state = emptyCollectorState();
  return [...attempts].flatMap((mark, index) => foldCollectorAttempt(state, { time: index + 1, ok: mark === '.' }, failures));
}

const kinds = (events: NodeEvent[]): string[] => events.map((event) => `${event.time} ${event.kind}`);

describe('collector rules (docs/events.md)', () => {
  it('failing after N failed scrapes in a row, once; recovered at the next stored scrape', () => {
    expect(kinds(derive('.xxxxx.'))).toEqual(['4 collector-failing', '7 collector-recovered']);
    const [failing, recovered] = derive('.xxxxx.');
    expect(failing).toEqual({ id: '4:collector-failing:-', time: 4, kind: 'collector-failing', address: null, detail: { failedScrapes: 3, failingSince: 2 } });
    expect(recovered!.detail).toEqual({ failedScrapes: 5, failingSince: 2 });
  });

  it('fewer than N failures in a row raise nothing, and a success starts the count again', () => {
    expect(derive('xx.xx.xx.')).toEqual([]);
  });

  it('N is a setting', () => {
    expect(kinds(derive('x.', 1))).toEqual(['1 collector-failing', '2 collector-recovered']);
    expect(derive('xxxx.', 5)).toEqual([]);
  });
});

describe('the first derivation state', () => {
  it('is written by the migration: empty, with nothing stored before it to keep silent on a fresh store', () => {
    const db = openDatabase(':memory:');
    const row = db.prepare<[], { value: string }>("SELECT value FROM event_state WHERE name = 'derivation'").get()!;
    expect(JSON.parse(row.value)).toEqual(emptyDerivationHeader(DEFAULT_SETTINGS.eventRules, NOTHING_STORED));
    db.close();
  });
});
