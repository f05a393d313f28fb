import Type, { type Static } from 'typebox';
import { EpochMs, Nullable } from './common.js';

export const CollectorStateSchema = Type.Union([
  Type.Literal('idle'),
  Type.Literal('scraping'),
  Type.Literal('backoff'),
  Type.Literal('backfilling'),
  Type.Literal('stopped'),
]);

export const ScrapeOutcomeSchema = Type.Object({
  time: EpochMs,
  ok: Type.Boolean(),
  durationMs: Type.Number(),
  farmers: Type.Integer({ description: 'valid farmer entries kept' }),
  rejected: Type.Integer({ description: 'entries dropped as invalid' }),
  duplicates: Type.Integer({ description: 'entries dropped as duplicates of an address' }),
  unusual: Type.Integer({ description: 'entries kept whose address hash is not 20 bytes (valid for the status server; noted in the scrape log)' }),
  errorCode: Nullable(Type.String()),
  errorMessage: Nullable(Type.String()),
});
export type ScrapeOutcome = Static<typeof ScrapeOutcomeSchema>;

export const BackfillProgressSchema = Type.Object(
  {
    done: Type.Integer({ description: 'scrapes stored so far' }),
    total: Type.Integer({ description: 'scrapes this backfill stores' }),
    days: Type.Number({ description: 'days of history it fills' }),
    startedAt: EpochMs,
    remainingSeconds: Nullable(Type.Number({ description: 'estimated from its pace so far; null until it has one' })),
  },
  { description: 'the demo backfill filling in history, while it runs (null otherwise)' },
);
export type BackfillProgress = Static<typeof BackfillProgressSchema>;
/** One setting given on the command line of this run (`--interval 120`): the option wins over the stored value until the engine stops. */
export const SetForThisRunSchema = Type.Object({
  setting: Type.String({ description: 'the settings field, e.g. intervalSeconds' }),
  option: Type.String({ description: 'the command-line option that set it, e.g. --interval' }),
  value: Type.Union([Type.String(), Type.Number()], { description: 'the value this run uses' }),
});
export type SetForThisRun = Static<typeof SetForThisRunSchema>;

export const StatusSchema = Type.Object({
  version: Type.String(),
  collector: Type.Object({
    state: CollectorStateSchema,
    source: Nullable(Type.String()),
    intervalSeconds: Type.Number(),
    lastScrape: Nullable(ScrapeOutcomeSchema),
    lastError: Nullable(ScrapeOutcomeSchema),
    nextScrapeAt: Nullable(EpochMs),
    scrapesOk: Type.Integer(),
    scrapesFailed: Type.Integer(),
    consecutiveFailures: Type.Integer(),
  }),
  jobs: Type.Object({
    state: Type.Union([Type.Literal('idle'), Type.Literal('running'), Type.Literal('rebuilding'), Type.Literal('failed')]),
    foldedThrough: Nullable(EpochMs),
    pendingScrapes: Type.Integer(),
    lastError: Nullable(Type.String()),
  }),
  secrets: Type.Object(
    {
      encrypted: Type.Boolean({ description: "true when the alert channels' secrets are encrypted with a key the operating system's key store protects" }),
      description: Type.String({ description: 'how they are stored, in words; when not encrypted, why' }),
    },
    { description: "how the alert channels' secrets (webhook URLs, tokens, passwords) are kept in the settings file" },
  ),
  store: Type.Object({
    kind: Type.Union([Type.Literal('sqlite'), Type.Literal('mongodb')]),
    sizeBytes: Type.Integer(),
    scrapes: Type.Integer(),
    snapshots: Type.Integer(),
    addresses: Type.Integer(),
  }),
  backfill: Nullable(BackfillProgressSchema),
  /** Settings this run takes from its command line rather than from the stored settings; absent when none. */
  setForThisRun: Type.Optional(Type.Array(SetForThisRunSchema)),
});
export type Status = Static<typeof StatusSchema>;
export type CollectorState = Static<typeof CollectorStateSchema>;
