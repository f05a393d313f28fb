import { ObjectId } from 'bson';
import { describe, expect, it } from 'vitest';
import { pairRecords } from '../../../main/store/mongodb/mongo-read.js';
import { databaseInUri, redactMongoUri } from '../../../main/store/mongodb/mongo-uri.js';

const at = (time: number) => new Date(Date.UTC(2015, 10, 9) + time);

describe('pairRecords (reading the two MongoDB collections as one history)', () => {
  it('joins the farmers and totals documents of one scrape (same time, same _id) and keeps the rest alone', () => {
    const ids = Array.from({ length: 5 }, () => new ObjectId());
    const farmers = [
      { _id: ids[2], time: at(0), farmers: [] },
      { _id: ids[0], time: at(0), farmers: [] },
      { _id: ids[3], time: at(5), farmers: [] },
    ];
    const totals = [
      { _id: ids[0], time: at(0), total_TB: 1 },
      { _id: ids[1], time: at(0), total_TB: 2 },
      { _id: ids[4], time: at(9), total_TB: 3 },
      // Same id as a farmers document but another time: the original's scrapers never shared ids, so not one record.
      { _id: ids[3], time: at(6), total_TB: 4 },
    ];
    const records = pairRecords(farmers, totals);
    expect(records.map((record) => [record.time - at(0).getTime(), record.key, record.farmers !== null, record.totals?.total_TB ?? null])).toEqual([
      [0, ids[0]!.toHexString(), true, 1],
      [0, ids[1]!.toHexString(), false, 2],
      [0, ids[2]!.toHexString(), true, null],
      [5, ids[3]!.toHexString(), true, null],
      [6, ids[3]!.toHexString(), false, 4],
      [9, ids[4]!.toHexString(), false, 3],
    ]);
  });

  it('leaves out documents without a valid date', () => {
    const records = pairRecords([{ _id: new ObjectId(), time: 'yesterday' }], [{ _id: new ObjectId(), time: new Date(Number.NaN) }]);
    expect(records).toEqual([]);
  });
});

describe('MongoDB URIs', () => {
  it('hide user and password when shown', () => {
    expect(redactMongoUri('mongodb://reader:s3cret@host:27017/GroupB')).toBe('mongodb://host:27017/GroupB');
    expect(redactMongoUri('mongodb+srv://cluster.example.net/db')).toBe('mongodb+srv://cluster.example.net/db');
  });

  it('reads the database named in the URI path, if any', () => {
    expect(databaseInUri('mongodb://user:pw@host1:27017,host2:27017/GroupB?replicaSet=rs0')).toBe('GroupB');
    expect(databaseInUri('mongodb+srv://cluster.example.net/shared')).toBe('shared');
    expect(databaseInUri('mongodb://127.0.0.1:27017')).toBeNull();
    expect(databaseInUri('mongodb://127.0.0.1:27017/?replicaSet=rs0')).toBeNull();
  });
});
