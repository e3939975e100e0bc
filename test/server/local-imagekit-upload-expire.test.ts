import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { startHarness, uploadFixture, type Harness, HELP } from './local-imagekit.helpers.ts';

const INVALID_EXPIRE =
  'Your request contains invalid expire parameter. Expire parameter should be a Unix time in ' +
  'less than 1 hour into the future.';

function signedWithExpire(harness: Harness, expire: number): Record<string, string> {
  const params = harness.client.helper.getAuthenticationParameters(undefined, expire);
  return {
    publicKey: harness.imagekit.publicKey,
    token: params.token,
    expire: String(params.expire),
    signature: params.signature,
  };
}

describe('local ImageKit upload expire', () => {
  it('refuses a missing expire', async (t) => {
    const harness = await startHarness(t);
    const { status, body } = await uploadFixture(harness, 'rocket.jpg', { expire: undefined });

    assert.equal(status, 400);
    assert.deepEqual(body, { message: INVALID_EXPIRE, help: HELP });
  });

  it('refuses an expire that is not a number', async (t) => {
    const harness = await startHarness(t);
    const { status, body } = await uploadFixture(harness, 'rocket.jpg', { expire: 'soon' });

    assert.equal(status, 400);
    assert.equal(body.message, INVALID_EXPIRE);
  });

  it('refuses an expire in the past, even correctly signed', async (t) => {
    const harness = await startHarness(t);
    const past = Math.floor(Date.now() / 1000) - 10;
    const { status, body } = await uploadFixture(
      harness,
      'rocket.jpg',
      signedWithExpire(harness, past),
    );

    assert.equal(status, 400);
    assert.equal(body.message, INVALID_EXPIRE);
  });

  it('refuses an expire more than an hour ahead, even correctly signed', async (t) => {
    const harness = await startHarness(t);
    // A second may pass before the stand-in looks: 3601 is still over the hour then.
    const overAnHour = Math.floor(Date.now() / 1000) + 3601;
    const { status, body } = await uploadFixture(
      harness,
      'rocket.jpg',
      signedWithExpire(harness, overAnHour),
    );

    assert.equal(status, 400);
    assert.equal(body.message, INVALID_EXPIRE);
  });

  it('refuses an expire exactly an hour ahead', async (t) => {
    const harness = await startHarness(t);
    // The stand-in runs in this process: with the clock stopped, "now" is the same for both.
    t.mock.timers.enable({ apis: ['Date'], now: Date.now() });
    const anHour = Math.floor(Date.now() / 1000) + 3600;
    const { status, body } = await uploadFixture(
      harness,
      'rocket.jpg',
      signedWithExpire(harness, anHour),
    );

    assert.equal(status, 400);
    assert.equal(body.message, INVALID_EXPIRE);
  });

  it('accepts an expire one second short of an hour ahead', async (t) => {
    const harness = await startHarness(t);
    t.mock.timers.enable({ apis: ['Date'], now: Date.now() });
    const justUnder = Math.floor(Date.now() / 1000) + 3599;
    const { status } = await uploadFixture(
      harness,
      'rocket.jpg',
      signedWithExpire(harness, justUnder),
    );

    assert.equal(status, 200);
  });

  it('accepts an expire just under an hour ahead', async (t) => {
    const harness = await startHarness(t);
    const almostAnHour = Math.floor(Date.now() / 1000) + 3590;
    const { status } = await uploadFixture(
      harness,
      'rocket.jpg',
      signedWithExpire(harness, almostAnHour),
    );

    assert.equal(status, 200);
  });
});
