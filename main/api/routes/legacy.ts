import Type from 'typebox';
import { SummaryRowSchema } from '../../../shared/model/address.js';
import { NoonTotalSchema } from '../../../shared/model/network.js';
import type { HandlerContext } from '../../handlers/context.js';
import { dailyNoonTotals, summary } from '../../handlers/handlers.js';
import { parseAddress } from '../../handlers/validation.js';
import type { ApiApp } from '../app-type.js';
import { AddressParams, NoQuery, errorResponses } from '../schemas.js';

/** The original driveshare-graph's two endpoints, same paths and shapes (docs/local-api.md, "The original's endpoints"). */
export function registerLegacyRoutes(app: ApiApp, context: HandlerContext): void {
  app.get(
    '/api/summary/:btc_addr',
    {
      schema: {
        summary: "An address's daily summaries (the original's endpoint)",
        description:
          'One object per day of the 31 days ending yesterday (the last complete UTC day before the newest scrape) on which the address has a summary, oldest first. Unknown address: [].',
        tags: ['original'],
        params: AddressParams,
        querystring: NoQuery,
        response: { 200: Type.Array(SummaryRowSchema), ...errorResponses(400, 403, 404, 405) },
      },
    },
    (request) => summary(context, parseAddress(request.params.btc_addr)),
  );

  app.get(
    '/json',
    {
      schema: {
        summary: 'Daily noon totals (the original\'s /json)',
        description: 'The first totals reading of each UTC day taken between 12:00 and 12:05: one reading a day. time is epoch milliseconds.',
        tags: ['original'],
        querystring: NoQuery,
        response: { 200: Type.Array(NoonTotalSchema), ...errorResponses(400, 403, 405) },
      },
    },
    () => dailyNoonTotals(context),
  );
}
