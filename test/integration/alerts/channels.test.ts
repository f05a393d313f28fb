import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendMessage, type SendDependencies } from '../../../main/alerts/channels/send.js';
import { composeAlert } from '../../../main/alerts/message.js';
import { testChannel } from '../../../main/alerts/channel-test.js';
import type { AlertChannel } from '../../../shared/model/alerts.js';
import { closedPort, offlineEvent, parseMail, startHttpRecorder, startSmtp, type HttpRecorder } from '../../support/alert-receivers.js';

const deps: SendDependencies = { desktop: null, timeoutMs: 2000, now: () => 1_700_000_000_000 };
const common = { enabled: true, rules: ['offline' as const] };
const ADDRESS = '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2';
const event = offlineEvent(ADDRESS, 1_700_000_000_000);

let receiver: HttpRecorder;
beforeAll(async () => {
  receiver = await startHttpRecorder();
});
afterAll(() => receiver.close());

function last() {
  return receiver.requests.at(-1)!;
}

describe('HTTP channels send what their receivers document', () => {
  it('webhook: versioned JSON with the event ids, signed with HMAC-SHA256 over the raw body', async () => {
    const channel: AlertChannel = { ...common, id: 'hook', name: 'Hook', kind: 'webhook', url: `${receiver.base}/hook`, hmacSecret: 'shh-its-a-secret' };
    const result = await sendMessage(channel, composeAlert(channel, [event]), deps);
    expect(result).toEqual({ ok: true });
    const request = last();
    expect(request.url).toBe('/hook');
    expect(request.headers['content-type']).toMatch(/^application\/json/);
    const payload = JSON.parse(request.body) as Record<string, unknown>;
    expect(payload).toMatchObject({ version: 1, type: 'alert', channel: { id: 'hook', name: 'Hook' }, eventIds: [event.id], events: [event] });
    const expected = `sha256=${createHmac('sha256', 'shh-its-a-secret').update(request.body).digest('hex')}`;
    expect(request.headers['x-driveshare-signature']).toBe(expected);
  });

  it('webhook without a secret carries no signature header', async () => {
    const channel: AlertChannel = { ...common, id: 'hook2', name: 'Hook', kind: 'webhook', url: `${receiver.base}/plain` };
    await sendMessage(channel, composeAlert(channel, [event]), deps);
    expect(last().headers['x-driveshare-signature']).toBeUndefined();
  });

  it('ntfy: text body, Title/Priority/Tags headers and the token as a Bearer', async () => {
    const channel: AlertChannel = { ...common, id: 'n', name: 'N', kind: 'ntfy', url: `${receiver.base}/my-nodes`, token: 'tk_abcdefghijkl', priority: 4, tags: ['warning', 'skull'] };
    expect(await sendMessage(channel, composeAlert(channel, [event]), deps)).toEqual({ ok: true });
    const request = last();
    expect(request.url).toBe('/my-nodes');
    expect(request.headers.title).toContain('went offline');
    expect(request.headers.priority).toBe('4');
    expect(request.headers.tags).toBe('warning,skull');
    expect(request.headers.authorization).toBe('Bearer tk_abcdefghijkl');
    expect(request.body).toContain(`${ADDRESS} went offline`);
  });

  it('Discord: content within 2,000 characters and no mentions parsed', async () => {
    const channel: AlertChannel = { ...common, id: 'd', name: 'D', kind: 'discord', url: `${receiver.base}/api/webhooks/1/tok` };
    const many = Array.from({ length: 300 }, (_, index) => offlineEvent(`${ADDRESS.slice(0, 30)}${String(index).padStart(4, '0')}`, event.time));
    expect(await sendMessage(channel, composeAlert(channel, many, 300), deps)).toEqual({ ok: true });
    const body = JSON.parse(last().body) as { content: string; allowed_mentions: unknown };
    expect(body.content.length).toBeLessThanOrEqual(2000);
    expect(body.allowed_mentions).toEqual({ parse: [] });
  });

  it('Slack: text and blocks', async () => {
    const channel: AlertChannel = { ...common, id: 's', name: 'S', kind: 'slack', url: `${receiver.base}/services/T/B/X` };
    expect(await sendMessage(channel, composeAlert(channel, [event]), deps)).toEqual({ ok: true });
    const body = JSON.parse(last().body) as { text: string; blocks: { type: string; text: { text: string } }[] };
    expect(body.text).toContain('went offline');
    expect(body.blocks.map((block) => block.type)).toEqual(['header', 'section']);
    expect(body.blocks[1]!.text.text).toContain(ADDRESS);
  });

  it('Telegram: POST <base>/bot<token>/sendMessage with chat_id and text', async () => {
    const channel: AlertChannel = { ...common, id: 't', name: 'T', kind: 'telegram', baseUrl: `${receiver.base}/tg/`, botToken: '123456:ABC-token', chatId: '-100200' };
    expect(await sendMessage(channel, composeAlert(channel, [event]), deps)).toEqual({ ok: true });
    expect(last().url).toBe('/tg/bot123456:ABC-token/sendMessage');
    expect(JSON.parse(last().body)).toMatchObject({ chat_id: '-100200', text: expect.stringContaining(ADDRESS) as unknown });
  });
});

describe('a failure says exactly what happened, without secrets', () => {
  const telegram: AlertChannel = { ...common, id: 't', name: 'T', kind: 'telegram', baseUrl: '', botToken: '999:SECRET-TOKEN', chatId: '1' };

  it('an HTTP error gives the status and the start of the body', async () => {
    receiver.behave({ status: 500, body: 'database is on fire' });
    const channel: AlertChannel = { ...common, id: 'h', name: 'H', kind: 'webhook', url: `${receiver.base}/x` };
    const result = await testChannel(channel, deps);
    receiver.behave({ status: 200 });
    expect(result).toMatchObject({ ok: false, error: 'HTTP 500 Internal Server Error: database is on fire' });
  });

  it('a 429 passes on Retry-After; Telegram\'s retry_after too; the token never shows', async () => {
    receiver.behave({ status: 429, body: '{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7","parameters":{"retry_after":7}}', headers: { 'retry-after': '3' } });
    const hook: AlertChannel = { ...common, id: 'h', name: 'H', kind: 'discord', url: `${receiver.base}/api/webhooks/1/SECRETPATH` };
    const discord = await sendMessage(hook, composeAlert(hook, [event]), deps);
    const tg = await sendMessage({ ...telegram, baseUrl: receiver.base }, composeAlert(telegram, [event]), deps);
    receiver.behave({ status: 200 });
    expect(discord).toMatchObject({ ok: false, retryAfterMs: 3000 });
    expect(tg).toMatchObject({ ok: false, retryAfterMs: 7000 });
    expect(JSON.stringify([discord, tg])).not.toMatch(/SECRET/);
  });

  it('a connection reset, a receiver that does not answer, and one that is not there', async () => {
    const channel: AlertChannel = { ...common, id: 'h', name: 'H', kind: 'webhook', url: `${receiver.base}/x/SECRETPATH` };
    receiver.behave('reset');
    const reset = await testChannel(channel, deps);
    receiver.behave('hang');
    const slow = await testChannel(channel, { ...deps, timeoutMs: 300 });
    receiver.behave({ status: 200 });
    const down = await testChannel({ ...channel, url: `http://127.0.0.1:${await closedPort()}/SECRETPATH` }, deps);
    expect(reset.error).toMatch(/connection failed: .*(socket|ECONNRESET|closed)/i);
    expect(slow.error).toBe('no answer within 0.3 s (timed out)');
    expect(down.error).toMatch(/connection failed: .*ECONNREFUSED/);
    expect(JSON.stringify([reset, slow, down])).not.toMatch(/SECRETPATH/);
  });

  it('a desktop channel without a desktop says so', async () => {
    const result = await testChannel({ ...common, id: 'desk', name: 'Desk', kind: 'desktop' }, deps);
    expect(result).toMatchObject({ ok: false, error: expect.stringContaining('headless') as unknown });
  });
});

describe('e-mail over SMTP (nodemailer to a real smtp-server)', () => {
  const mailChannel = (port: number, extra: Partial<Extract<AlertChannel, { kind: 'email' }>>): AlertChannel => ({
    ...common,
    id: 'mail',
    name: 'Mail',
    kind: 'email',
    host: '127.0.0.1',
    port,
    security: 'none',
    from: 'alerts@example.test',
    to: ['ops@example.test'],
    ...extra,
  });

  it('TLS from the first byte, with auth: delivered, with the event ids in a header', async () => {
    const smtp = await startSmtp({ mode: 'tls', auth: { user: 'ops', password: 'mail-password' } });
    try {
      const channel = mailChannel(smtp.port, { security: 'tls', user: 'ops', password: 'mail-password', allowSelfSignedCertificate: true });
      expect(await sendMessage(channel, composeAlert(channel, [event]), deps)).toEqual({ ok: true });
      const mail = smtp.mails[0]!;
      expect(mail).toMatchObject({ from: 'alerts@example.test', to: ['ops@example.test'], user: 'ops', secure: true });
      const parsed = parseMail(mail.raw);
      expect(parsed.headers['x-driveshare-event-ids']).toBe(event.id);
      expect(parsed.headers.subject).toContain('went offline');
      expect(parsed.text).toContain(`${ADDRESS} went offline`);
    } finally {
      await smtp.close();
    }
  });

  it('STARTTLS required, with auth: delivered over the upgraded connection', async () => {
    const smtp = await startSmtp({ mode: 'starttls', auth: { user: 'ops', password: 'pw' } });
    try {
      const channel = mailChannel(smtp.port, { security: 'starttls', user: 'ops', password: 'pw', allowSelfSignedCertificate: true });
      expect(await testChannel(channel, deps)).toMatchObject({ ok: true });
      expect(smtp.mails[0]).toMatchObject({ secure: true, user: 'ops' });
    } finally {
      await smtp.close();
    }
  });

  it('plain without auth: delivered; STARTTLS required of a server without it: refused', async () => {
    const smtp = await startSmtp({ mode: 'plain' });
    try {
      expect(await testChannel(mailChannel(smtp.port, {}), deps)).toMatchObject({ ok: true });
      expect(smtp.mails[0]).toMatchObject({ secure: false, user: null });
      const refused = await testChannel(mailChannel(smtp.port, { security: 'starttls' }), deps);
      expect(refused.ok).toBe(false);
      expect(refused.error).toMatch(/^SMTP .*STARTTLS/i);
      expect(smtp.mails).toHaveLength(1);
    } finally {
      await smtp.close();
    }
  });

  it('a wrong password gives the server\'s answer, not the password; an untrusted certificate is refused', async () => {
    const smtp = await startSmtp({ mode: 'tls', auth: { user: 'ops', password: 'right' } });
    try {
      const wrong = await testChannel(mailChannel(smtp.port, { security: 'tls', user: 'ops', password: 'wrong-password', allowSelfSignedCertificate: true }), deps);
      expect(wrong.error).toMatch(/^SMTP EAUTH: 535 .*Invalid username or password/);
      expect(wrong.error).not.toContain('wrong-password');
      const untrusted = await testChannel(mailChannel(smtp.port, { security: 'tls', user: 'ops', password: 'right' }), deps);
      expect(untrusted.error).toMatch(/certificate/i);
      expect(smtp.mails).toHaveLength(0);
    } finally {
      await smtp.close();
    }
  });
});
