import { describe, expect, it } from 'vitest';
import { csvCell, seriesCsv, summaryCsv, summaryCsvFilename, toCsv } from '../../../shared/csv.js';

const ADDRESS = '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa';

describe('the one CSV format (dashboard and API)', () => {
  it('writes the summary with a header, UTC days, unrounded numbers and CRLF line ends', () => {
    const csv = summaryCsv([
      { date: '2015-11-10 00:00:00', uptime: 84_600, duration: 86_100, height: 1500, points: 0.5, total_points: 200 },
      { date: '2015-11-11 00:00:00', uptime: 0, duration: 0, height: 0, points: 0, total_points: 0 },
    ]);
    expect(csv.split('\r\n')).toEqual([
      'date,uptime_seconds,duration_seconds,height,points,total_points,share_of_total_percent',
      '2015-11-10,84600,86100,1500,0.5,200,0.25',
      // No points that day: the share is unknown, not 0 %.
      '2015-11-11,0,0,0,0,0,',
      '',
    ]);
  });

  it('names the download after the address, the window and its last day', () => {
    expect(summaryCsvFilename(ADDRESS, [{ date: '2015-11-10 00:00:00', uptime: 0, duration: 0, height: 0, points: 0, total_points: 0 }], 31)).toBe(`driveshare-${ADDRESS}-31d-2015-11-10.csv`);
    expect(summaryCsvFilename(ADDRESS, [], 90)).toBe(`driveshare-${ADDRESS}-90d.csv`);
  });

  it('writes a chart series with ISO UTC times', () => {
    expect(seriesCsv([{ t: Date.UTC(2015, 10, 10, 12), mean: 1.5, min: 1, max: 2, last: 2 }])).toBe('time_utc,mean,min,max,last\r\n2015-11-10T12:00:00.000Z,1.5,1,2,2\r\n');
  });

  it('quotes what needs quoting and leaves missing values empty', () => {
    expect(csvCell('uptime 0–5 %')).toBe('uptime 0–5 %');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell(null)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
    expect(toCsv(['x'], [[1], [null]])).toBe('x\r\n1\r\n\r\n');
  });
});
