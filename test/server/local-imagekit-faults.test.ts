import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  fixture,
  postUpload,
  signedFields,
  startHarness,
  uploadFixture,
} from './local-imagekit.helpers.ts';

describe('local ImageKit fault injection', () => {
  it('answers the next N uploads 500 with failNext, then recovers', async (t) => {
    const harness = await startHarness(t, { faults: { failNext: 2 } });
    const first = await uploadFixture(harness, 'rocket.jpg');
    const second = await uploadFixture(harness, 'rocket.jpg');
    const third = await uploadFixture(harness, 'rocket.jpg');

    assert.equal(first.status, 500);
    assert.match(String(first.body.message), /injected/);
    assert.equal(second.status, 500);
    assert.equal(third.status, 200);
    assert.deepEqual(harness.imagekit.stats(), {
      uploads: 1,
      rejected: 2,
      tokenReuseAttempts: 0,
      faultsInjected: 2,
    });
  });

  it('spends the token of an upload it failed on purpose', async (t) => {
    const harness = await startHarness(t);
    harness.imagekit.setFaults({ failNext: 1 });
    const signed = signedFields(harness);
    assert.equal((await uploadFixture(harness, 'rocket.jpg', signed)).status, 500);

    const retry = await uploadFixture(harness, 'rocket.jpg', signed);
    assert.equal(retry.status, 400);
    assert.match(String(retry.body.message), /has been used before/);
  });

  it('answers every upload 500 with errorRate 1', async (t) => {
    const harness = await startHarness(t, { faults: { errorRate: 1 } });
    const { status, body } = await uploadFixture(harness, 'rocket.jpg');

    assert.equal(status, 500);
    assert.match(String(body.message), /injected/);
  });

  it('drops the connection mid-body with dropRate 1, spending a token sent before', async (t) => {
    const harness = await startHarness(t, { faults: { dropRate: 1 } });
    const signed = signedFields(harness);
    const big = new Uint8Array(4 * 1024 * 1024);

    await assert.rejects(
      postUpload(harness, { ...signed, fileName: 'big.bin', file: new Blob([big]) }),
      TypeError,
    );
    assert.equal(harness.imagekit.stats().faultsInjected, 1);

    harness.imagekit.setFaults({});
    const retry = await uploadFixture(harness, 'rocket.jpg', signed);
    assert.equal(retry.status, 400);
    assert.match(String(retry.body.message), /has been used before/);
  });

  it('leaves unspent a token behind the cut (the SDK sends it after the file)', async (t) => {
    const harness = await startHarness(t, { faults: { dropRate: 1 } });
    const signed = signedFields(harness);
    const big = new Blob([new Uint8Array(4 * 1024 * 1024)]);

    await assert.rejects(
      postUpload(harness, { file: big, fileName: 'big.bin', ...signed }),
      TypeError,
    );
    assert.equal(harness.imagekit.stats().faultsInjected, 1);

    // The resend a browser makes on a reused connection carries the same token; it was never seen.
    harness.imagekit.setFaults({});
    const resent = await postUpload(harness, { file: big, fileName: 'big.bin', ...signed });
    assert.equal(resent.status, 200, JSON.stringify(resent.body));
    assert.equal(harness.imagekit.stats().tokenReuseAttempts, 0);
  });

  it('reads nothing of the next N uploads with stallNext, until the client gives up', async (t) => {
    const harness = await startHarness(t, { faults: { stallNext: 1 } });
    const signed = signedFields(harness);
    const big = new Blob([new Uint8Array(20 * 1024 * 1024)]);
    const form = new FormData();
    form.set('file', big, 'big.bin');
    for (const [name, value] of Object.entries({ fileName: 'big.bin', ...signed })) {
      form.set(name, String(value));
    }

    const started = performance.now();
    await assert.rejects(
      fetch(harness.imagekit.uploadUrl, {
        method: 'POST',
        body: form,
        signal: AbortSignal.timeout(500),
      }),
      { name: 'TimeoutError' },
    );
    assert.ok(performance.now() - started < 5000);
    assert.equal(harness.imagekit.stats().faultsInjected, 1);

    // The stand-in never read the token, and the next upload goes through.
    const next = await uploadFixture(harness, 'rocket.jpg', signed);
    assert.equal(next.status, 200, JSON.stringify(next.body));
  });

  it('waits latencyMs before answering an upload', async (t) => {
    const harness = await startHarness(t, { faults: { latencyMs: 300 } });
    const started = performance.now();
    const { status } = await uploadFixture(harness, 'rocket.jpg');

    assert.equal(status, 200);
    assert.ok(performance.now() - started >= 300);
  });

  it('leaves uploads alone once the faults are cleared', async (t) => {
    const harness = await startHarness(t, { faults: { errorRate: 1 } });
    harness.imagekit.setFaults({});
    const { status, body } = await postUpload(harness, {
      ...signedFields(harness),
      fileName: 'rocket.jpg',
      file: new Blob([new Uint8Array(await fixture('rocket.jpg'))]),
    });

    assert.equal(status, 200);
    assert.equal(body.fileType, 'image');
  });

  it('refuses a rate outside 0..1', async (t) => {
    const harness = await startHarness(t);

    assert.throws(() => harness.imagekit.setFaults({ errorRate: 2 }), {
      name: 'RangeError',
      message: 'faults.errorRate must be between 0 and 1, got 2',
    });
  });
});
