import Type, { type Static } from 'typebox';
import {
  ALERT_CHANNELS_MAX,
  ALERT_LOG_PAGE_DEFAULT,
  ALERT_LOG_PAGE_MAX,
  ALERT_TELEGRAM_DEFAULT_BASE_URL,
} from '../defaults.js';
import { EpochMs, Nullable } from './common.js';
import { NodeEventKindSchema } from './node-events.js';

/**
 * The alert channels: where node events are sent (docs/alerts.md). Each channel says which event
 * kinds it receives and, optionally, hours in its own time zone when nothing is sent (messages are
 * held until the window ends). Fields named in `SECRET_FIELDS` are credentials: stored encrypted
 * (desktop) or in a 0600 file (headless), and shown masked by the settings API.
 */

/** A stable id the outbox and the delivery log refer to; renaming a channel keeps its history. */
export const AlertChannelIdSchema = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });

const ClockTime = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'HH:MM, 24-hour clock' });

export const QuietHoursSchema = Type.Object(
  {
    start: ClockTime,
    end: ClockTime,
    timeZone: Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone, e.g. Europe/Berlin or UTC' }),
  },
  { additionalProperties: false, description: 'nothing is sent from start to end (it may span midnight); held messages go out when it ends' },
);
export type QuietHours = Static<typeof QuietHoursSchema>;

/** A secret as stored or sent: any text (a masked one from GET is accepted back and keeps the stored value). */
const Secret = (description: string) => Type.String({ minLength: 1, maxLength: 2048, description: `${description} (secret)` });
const HttpUrl = (description: string) => Type.String({ minLength: 1, maxLength: 2048, description });

const common = {
  id: AlertChannelIdSchema,
  name: Type.String({ minLength: 1, maxLength: 100 }),
  enabled: Type.Boolean(),
  rules: Type.Array(NodeEventKindSchema, { maxItems: 20, uniqueItems: true, description: 'the event kinds this channel receives' }),
  quietHours: Type.Optional(QuietHoursSchema),
};

const closedChannel = <T extends Type.TProperties>(properties: T) => Type.Object(properties, { additionalProperties: false });

export const DesktopChannelSchema = closedChannel({ ...common, kind: Type.Literal('desktop') });

export const WebhookChannelSchema = closedChannel({
  ...common,
  kind: Type.Literal('webhook'),
  url: Secret('http(s) URL the JSON payload is POSTed to'),
  hmacSecret: Type.Optional(Secret('signs the raw body: X-Driveshare-Signature: sha256=<hex HMAC-SHA256>')),
});

export const NtfyChannelSchema = closedChannel({
  ...common,
  kind: Type.Literal('ntfy'),
  url: HttpUrl('the topic URL, e.g. https://ntfy.sh/my-nodes'),
  token: Type.Optional(Secret('access token, sent as Authorization: Bearer')),
  priority: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
  tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64, pattern: '^[^,\\r\\n]+$' }), { maxItems: 10 })),
});

export const DiscordChannelSchema = closedChannel({ ...common, kind: Type.Literal('discord'), url: Secret('Discord-compatible incoming webhook URL') });

export const SlackChannelSchema = closedChannel({ ...common, kind: Type.Literal('slack'), url: Secret('Slack-compatible incoming webhook URL') });

export const TelegramChannelSchema = closedChannel({
  ...common,
  kind: Type.Literal('telegram'),
  baseUrl: Type.Optional(HttpUrl(`Bot API base URL (default ${ALERT_TELEGRAM_DEFAULT_BASE_URL})`)),
  botToken: Secret('the bot token from @BotFather'),
  chatId: Type.String({ minLength: 1, maxLength: 64, description: 'numeric chat id or @channelusername' }),
});

export const EmailChannelSchema = closedChannel({
  ...common,
  kind: Type.Literal('email'),
  host: Type.String({ minLength: 1, maxLength: 255 }),
  port: Type.Integer({ minimum: 1, maximum: 65_535 }),
  security: Type.Union([Type.Literal('tls'), Type.Literal('starttls'), Type.Literal('none')], {
    description: 'tls: TLS from the first byte (port 465); starttls: upgrade required (port 587); none: plain text',
  }),
  user: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  password: Type.Optional(Secret('SMTP password')),
  from: Type.String({ minLength: 3, maxLength: 255 }),
  to: Type.Array(Type.String({ minLength: 3, maxLength: 255 }), { minItems: 1, maxItems: 20 }),
  allowSelfSignedCertificate: Type.Optional(
    Type.Boolean({ description: "accept a server certificate no trusted CA signed (test servers only: anyone on the path can read the mail)" }),
  ),
});

export const AlertChannelSchema = Type.Union([
  DesktopChannelSchema,
  WebhookChannelSchema,
  NtfyChannelSchema,
  DiscordChannelSchema,
  SlackChannelSchema,
  TelegramChannelSchema,
  EmailChannelSchema,
]);
export type AlertChannel = Static<typeof AlertChannelSchema>;
export type AlertChannelKind = AlertChannel['kind'];

export const AlertChannelsSchema = Type.Array(AlertChannelSchema, { maxItems: ALERT_CHANNELS_MAX, default: [] });

/** The credential fields of each kind (a webhook URL is as good as a password). */
export const SECRET_FIELDS: { readonly [K in AlertChannelKind]: readonly string[] } = {
  desktop: [],
  webhook: ['url', 'hmacSecret'],
  ntfy: ['token'],
  discord: ['url'],
  slack: ['url'],
  telegram: ['botToken'],
  email: ['password'],
};

export const AlertOutcomeSchema = Type.Union([
  Type.Literal('delivered'),
  Type.Literal('failed'),
  Type.Literal('test-delivered'),
  Type.Literal('test-failed'),
]);
export type AlertOutcome = Static<typeof AlertOutcomeSchema>;

export const AlertDeliverySchema = Type.Object({
  id: Type.Integer({ description: 'grows with every attempt; the cursor of the next page' }),
  time: EpochMs,
  channelId: Type.String(),
  channelName: Type.String(),
  eventIds: Type.Array(Type.String(), { description: 'the node events the message carried (empty for a test)' }),
  outcome: AlertOutcomeSchema,
  attempt: Type.Integer({ minimum: 1 }),
  error: Nullable(Type.String()),
});
export type AlertDelivery = Static<typeof AlertDeliverySchema>;

export const AlertDeliveriesPageSchema = Type.Object({
  deliveries: Type.Array(AlertDeliverySchema, { description: 'newest first' }),
  nextCursor: Nullable(Type.Integer({ description: 'pass as `before` for older rows; null when there are none' })),
});
export type AlertDeliveriesPage = Static<typeof AlertDeliveriesPageSchema>;

/** A page of the delivery log: `before` is the previous page's nextCursor. */
export const AlertDeliveriesQuerySchema = Type.Object({
  before: Type.Optional(Type.Integer({ minimum: 1, description: "the previous page's nextCursor: rows older than it" })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: ALERT_LOG_PAGE_MAX, description: `rows per page (default ${ALERT_LOG_PAGE_DEFAULT})` })),
  channel: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'only this channel id' })),
});
export type AlertDeliveriesQuery = Static<typeof AlertDeliveriesQuerySchema>;

export const AlertTestRequestSchema = Type.Object({ channel: Type.String({ minLength: 1, maxLength: 100, description: 'channel id (or name)' }) });

export const AlertTestResultSchema = Type.Object({
  ok: Type.Boolean(),
  channelId: Type.String(),
  latencyMs: Type.Number(),
  error: Type.Optional(Type.String({ description: 'exactly what failed: HTTP status and body excerpt, SMTP response, connection error' })),
});
export type AlertTestResult = Static<typeof AlertTestResultSchema>;
