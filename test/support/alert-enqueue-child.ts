import { AlertDelivery } from '../../main/alerts/alert-delivery.js';
import { enqueueAlerts } from '../../main/alerts/outbox.js';
import { silentLogger } from '../../main/logging/logger.js';
import type { AlertChannel } from '../../shared/model/alerts.js';
import { alertDatabase, offlineEvent } from './alert-receivers.js';

/**
 * A stand-in engine for the crash test: stores an alert in the outbox (as the events fold does,
 * in its transaction), starts delivering to the channel given, and says "enqueued" on stdout. The
 * test SIGKILLs it while its send is in flight. Arguments: database file, channel JSON, address.
 */
const [file, channelJson, address] = process.argv.slice(2) as [string, string, string];
const channel = JSON.parse(channelJson) as AlertChannel;
const db = alertDatabase(file);
const delivery = new AlertDelivery({ db, channels: () => [channel], desktop: null, logger: silentLogger(), timeoutMs: 60_000 });
await delivery.runOnce();
const now = Date.now();
db.transaction(() => enqueueAlerts(db, [offlineEvent(address, now)], now))();
process.stdout.write('enqueued\n');
delivery.start();
