import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import { trackInFlight } from '../../server/in-flight.ts';

describe('trackInFlight', () => {
  it('settles once the requests being handled have answered', async () => {
    const finished: string[] = [];
    const tracked = trackInFlight(async (request: Request) => {
      await sleep(Number(new URL(request.url).searchParams.get('ms')));
      finished.push(request.url);
      return new Response('ok');
    });

    void tracked.fetch(new Request('http://x/?ms=100'));
    void tracked.fetch(new Request('http://x/?ms=300'));
    const started = performance.now();
    await tracked.settled(5000);

    assert.equal(finished.length, 2);
    assert.ok(performance.now() - started >= 250);
    // Nothing left: settles at once.
    const again = performance.now();
    await tracked.settled(5000);
    assert.ok(performance.now() - again < 50);
  });

  it('gives up waiting after its limit, and counts a handler that threw as done', async () => {
    const tracked = trackInFlight(async (request: Request) => {
      if (request.url.endsWith('/throw')) throw new Error('handler failed');
      await sleep(2000);
      return new Response('late');
    });

    await assert.rejects(tracked.fetch(new Request('http://x/throw')), /handler failed/);
    void tracked.fetch(new Request('http://x/slow'));
    const started = performance.now();
    await tracked.settled(200);

    const waited = performance.now() - started;
    assert.ok(waited >= 190 && waited < 1000, `waited ${Math.round(waited)} ms`);
  });
});
