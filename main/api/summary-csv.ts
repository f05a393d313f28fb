import type { AddressDetail } from '../../shared/model/address.js';
import { summaryCsv as rowsCsv, summaryCsvFilename as rowsFilename } from '../../shared/csv.js';

/** The API's summary download: the same CSV as the dashboard's (shared/csv.ts). */
export function summaryCsv(detail: AddressDetail): string {
  return rowsCsv(detail.summary);
}

export function summaryCsvFilename(detail: AddressDetail, days: number): string {
  return rowsFilename(detail.address, detail.summary, days);
}
