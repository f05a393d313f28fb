import Fastify from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { describe, expect, it } from 'vitest';
import { FIRST_ANSWER_HEADER, answerFirstOnce } from '../../../main/api/first-answers.js';

describe('answering the first-asked routes once at start', () => {
  it('asks the status, the settings and the network once each, as the loopback host the API answers to, marked for the request log to leave out', async () => {
    const app = Fastify().withTypeProvider<TypeBoxTypeProvider>();
    const asked: Array<{ url: string; host: string | undefined; marked: boolean }> = [];
    for (const url of ['/api/v1/status', '/api/v1/settings', '/api/v1/network']) {
      app.get(url, async (request) => {
        asked.push({ url, host: request.headers.host, marked: request.headers[FIRST_ANSWER_HEADER] !== undefined });
        return {};
      });
    }
    await app.ready();
    await answerFirstOnce(app, '127.0.0.1:4321');
    expect(asked).toEqual([
      { url: '/api/v1/status', host: '127.0.0.1:4321', marked: true },
      { url: '/api/v1/settings', host: '127.0.0.1:4321', marked: true },
      { url: '/api/v1/network', host: '127.0.0.1:4321', marked: true },
    ]);
    await app.close();
  });
});
