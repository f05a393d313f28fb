import Fastify from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { describe, expect, it } from 'vitest';
import { answerFirstOnce } from '../../../main/api/first-answers.js';

describe('answering the first-asked routes once at start', () => {
  it('asks the status and the network once each, as the loopback host the API answers to', async () => {
    const app = Fastify().withTypeProvider<TypeBoxTypeProvider>();
    const asked: Array<{ url: string; host: string | undefined }> = [];
    for (const url of ['/api/v1/status', '/api/v1/network']) {
      app.get(url, async (request) => {
        asked.push({ url, host: request.headers.host });
        return {};
      });
    }
    await app.ready();
    await answerFirstOnce(app, '127.0.0.1:4321');
    expect(asked).toEqual([
      { url: '/api/v1/status', host: '127.0.0.1:4321' },
      { url: '/api/v1/network', host: '127.0.0.1:4321' },
    ]);
    await app.close();
  });
});
