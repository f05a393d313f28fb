import { ALERT_LOG_PAGE_DEFAULT, ALERT_LOG_PAGE_MAX } from '../../shared/defaults.js';
import { AppError } from '../../shared/errors.js';
import type { AlertDeliveriesPage, AlertDeliveriesQuery, AlertTestResult } from '../../shared/model/alerts.js';
import { deliveriesPage } from '../alerts/delivery-log.js';
import { storeFailure } from '../store/sqlite/store-health.js';
import type { HandlerContext } from './context.js';

/** The alert handlers: the delivery log (read-only connection) and a channel test (the engine's loop). */

export function alertDeliveries(context: HandlerContext, query: AlertDeliveriesQuery): AlertDeliveriesPage {
  const limit = Math.min(query.limit ?? ALERT_LOG_PAGE_DEFAULT, ALERT_LOG_PAGE_MAX);
  try {
    return deliveriesPage(context.db, {
      limit,
      ...(query.before === undefined ? {} : { before: query.before }),
      ...(query.channel === undefined ? {} : { channelId: query.channel }),
    });
  } catch (error) {
    throw storeFailure(context.db, error);
  }
}

export function testAlertChannel(context: HandlerContext, channel: string): Promise<AlertTestResult> {
  if (context.alerts === undefined) throw new AppError('unavailable', 'alerts are delivered by the engine, which does not run in this mode');
  return context.alerts.test(channel);
}
