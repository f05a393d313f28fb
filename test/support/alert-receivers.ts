import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { SqliteDatabase } from '../../main/store/sqlite/open-database.js';
import { openDatabase } from '../../main/store/sqlite/open-database.js';
import { alertOutbox } from '../../main/store/sqlite/migrations/0008-alert-outbox.js';
import type { NodeEvent } from '../../shared/model/node-events.js';
import { nodeEventId } from '../../shared/model/node-events.js';

/** Real receivers on 127.0.0.1 for the alert channel tests: an HTTP recorder and an SMTP server. */

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What the recorder does with the next request: answer, drop the connection, or never answer. */
export type Behaviour = { status: number; body?: string; headers?: Record<string, string> } | 'reset' | 'hang';

export interface HttpRecorder {
  readonly base: string;
  readonly requests: RecordedRequest[];
  behave(behaviour: Behaviour): void;
  close(): Promise<void>;
}

export async function startHttpRecorder(port = 0): Promise<HttpRecorder> {
  const requests: RecordedRequest[] = [];
  let behaviour: Behaviour = { status: 200, body: '{"ok":true}' };
  const hanging = new Set<ServerResponse>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (behaviour === 'reset') {
        request.socket.destroy();
        return;
      }
      if (behaviour === 'hang') {
        hanging.add(response);
        return;
      }
      response.writeHead(behaviour.status, { 'content-type': 'application/json', ...behaviour.headers });
      response.end(behaviour.body ?? '');
    });
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const { port: actual } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${actual}`,
    requests,
    behave: (next) => {
      behaviour = next;
    },
    close: async () => {
      for (const response of hanging) response.socket?.destroy();
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  user: string | null;
  secure: boolean;
}

export interface SmtpReceiver {
  readonly port: number;
  readonly mails: ReceivedMail[];
  close(): Promise<void>;
}

/**
 * smtp-server on 127.0.0.1 with its bundled self-signed test certificate: `tls` speaks TLS from
 * the start, `starttls` offers the upgrade, `plain` offers none; `auth` requires that user and password.
 */
export async function startSmtp(options: { mode: 'tls' | 'starttls' | 'plain'; auth?: { user: string; password: string } }): Promise<SmtpReceiver> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    secure: options.mode === 'tls',
    disabledCommands: [...(options.mode === 'plain' ? ['STARTTLS'] : []), ...(options.auth === undefined ? ['AUTH'] : [])],
    authOptional: options.auth === undefined,
    allowInsecureAuth: false,
    logger: false,
    onAuth(auth, _session, callback) {
      const expected = options.auth;
      if (expected !== undefined && auth.username === expected.user && auth.password === expected.password) callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          user: typeof session.user === 'string' ? session.user : null,
          secure: session.secure,
        });
        callback();
      });
    },
  });
  // A client that refuses the test certificate drops the connection; that is the client's failure to report, not the server's.
  server.on('error', () => undefined);
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  const { port } = server.server.address() as AddressInfo;
  return { port, mails, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The decoded text body and headers of a received mail (quoted-printable or 7bit, as nodemailer writes plain text). */
export function parseMail(raw: string): { headers: Record<string, string>; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  let text = raw.slice(split + 4);
  if (/quoted-printable/i.test(headers['content-transfer-encoding'] ?? '')) {
    text = Buffer.from(text.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8');
  }
  return { headers, text: text.replace(/\r\n/g, '\n') };
}

/**
 * A store with the alert tables. Migration 0008 follows the events' 0007, which this branch does
 * not have yet, so the tables are created from the migration's own SQL.
 */
export function alertDatabase(file = ':memory:'): SqliteDatabase {
  const db = openDatabase(file);
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'alert_outbox'").get() !== undefined;
  if (!exists) db.exec(alertOutbox.up);
  return db;
}

export function offlineEvent(address: string, time: number): NodeEvent {
  return { id: nodeEventId('offline', address, time), time, kind: 'offline', address, detail: {} };
}

/** A syntactically plausible distinct address per index (the alert path does not check addresses). */
export function fakeAddress(index: number): string {
  return `1Node${index.toString().padStart(29, '0')}`.slice(0, 34);
}

/** A port on 127.0.0.1 where nothing listens (taken, then released). */
export async function closedPort(): Promise<number> {
  const recorder = await startHttpRecorder();
  const port = Number(new URL(recorder.base).port);
  await recorder.close();
  return port;
}
