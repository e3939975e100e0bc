import { expect, waitUntil } from '@open-wc/testing';
import type { QueueCompleteDetail } from '../../widget/events.ts';
import {
  backendInfo,
  failNextAuth,
  fixtureFile,
  mountUploader,
  queueComplete,
  serverStats,
  setUploadFaults,
  spyAuthParams,
} from './helpers.ts';
import type { AuthParamsSpy } from './helpers.ts';

const THREE = ['rocket.jpg', 'coffee.png', 'chelsea.png'];

/** This test's auth requests, from Resource Timing, in the order they started. */
function authRequests(endpoint: string): PerformanceResourceTiming[] {
  return performance
    .getEntriesByType('resource')
    .filter((entry) => entry.name.startsWith(`${endpoint}/generate-auth-params`))
    .sort((a, b) => a.startTime - b.startTime) as PerformanceResourceTiming[];
}

describe('<imagekit-uploader> auth params', () => {
  let spy: AuthParamsSpy | undefined;
  const realNow = Date.now;

  beforeEach(() => performance.clearResourceTimings());

  afterEach(async () => {
    Date.now = realNow;
    spy?.restore();
    await failNextAuth(0);
    await setUploadFaults({});
  });

  it("uploads while the browser's clock runs 15 minutes fast", async () => {
    const el = await mountUploader();
    Date.now = () => realNow() + 15 * 60_000;

    const done = queueComplete(el);
    el.addFiles([await fixtureFile('rocket.jpg')]);
    const complete = (await done) as QueueCompleteDetail;

    expect(complete).to.include({ done: 1, failed: 0 });
  });

  it('asks for the whole batch again after 503s, without spending the files’ retries', async () => {
    const el = await mountUploader({ viaProxy: true, attributes: { multiple: true } });
    await failNextAuth(2, 503);

    const done = queueComplete(el);
    el.addFiles(await Promise.all(THREE.map(fixtureFile)));
    const complete = (await done) as QueueCompleteDetail;

    expect(complete).to.include({ done: 3, failed: 0 });
    expect(authRequests(el.endpoint).map((entry) => new URL(entry.name).search)).to.deep.equal([
      '?count=3',
      '?count=3',
      '?count=3',
    ]);
    expect(el.files.map((file) => file.attempts)).to.deep.equal([1, 1, 1]);
  });

  it('waits out the Retry-After of a 429 and then uploads', async () => {
    const el = await mountUploader({ viaProxy: true });
    await failNextAuth(1, 429, 1);

    const done = queueComplete(el);
    el.addFiles([await fixtureFile('rocket.jpg')]);
    const complete = (await done) as QueueCompleteDetail;

    const [refused, granted] = authRequests(el.endpoint);
    expect(complete).to.include({ done: 1, failed: 0 });
    expect(granted.startTime - refused.responseEnd).to.be.at.least(950);
  });

  it('keeps its prefetched sets when the page assigns a new authHeaders function', async () => {
    spy = spyAuthParams();
    const el = await mountUploader({ attributes: { multiple: true, concurrency: '3' } });
    const headers = el.authHeaders;
    // A framework hands the element a new function on every render.
    el.addEventListener('iku-upload-progress', () => {
      el.authHeaders = typeof headers === 'function' ? () => headers() : headers;
    });
    const rocket = await fixtureFile('rocket.jpg');
    const files = Array.from(
      { length: 10 },
      (_, i) => new File([rocket], `r${i}.jpg`, { type: 'image/jpeg' }),
    );

    const done = queueComplete(el);
    el.addFiles(files);
    const complete = (await done) as QueueCompleteDetail;

    expect(complete).to.include({ done: 10, failed: 0 });
    expect(spy.batches.flatMap((batch) => batch.tokens)).to.have.length(10);
  });

  it(
    'saves each file at the backend that signed it ' + 'when the endpoint changes mid-queue',
    async () => {
      const info = await backendInfo();
      const el = await mountUploader({
        viaProxy: true,
        attributes: { multiple: true, concurrency: '1' },
      });
      await setUploadFaults({ latencyMs: 400 });
      const before = await serverStats();

      const done = queueComplete(el);
      el.addFiles([await fixtureFile('rocket.jpg'), await fixtureFile('coffee.png')]);
      await waitUntil(() => el.files[0].state === 'uploading');
      el.endpoint = info.endpoint;
      const complete = (await done) as QueueCompleteDetail;

      const after = await serverStats();
      expect(complete).to.include({ done: 2, failed: 0 });
      // Only the first file was signed through the proxy, so only its save passes it.
      expect(after.savesForwarded - before.savesForwarded).to.equal(1);
    },
  );
});
