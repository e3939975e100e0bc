import { expect } from '@open-wc/testing';
import type { QueueCompleteDetail } from '../../widget/events.ts';
import {
  fixtureFile,
  mountUploader,
  queueComplete,
  serverStats,
  setUploadFaults,
  spyAuthParams,
} from './helpers.ts';
import type { AuthParamsSpy } from './helpers.ts';

const FIVE = ['rocket.jpg', 'hubble-deep-field.jpg', 'astronaut.png', 'coffee.png', 'chelsea.png'];
/** States that hold an upload slot; a save runs beside them. */
const UPLOADING = ['authorizing', 'uploading'];

describe('<imagekit-uploader> batches', () => {
  let spy: AuthParamsSpy | undefined;

  afterEach(async () => {
    spy?.restore();
    await setUploadFaults({});
  });

  it('uploads five files with never more than two uploads in flight at concurrency 2', async () => {
    // A little server latency makes the uploads overlap, so the limit is actually reached.
    await setUploadFaults({ latencyMs: 150 });
    const el = await mountUploader({ attributes: { multiple: true, concurrency: '2' } });
    let maxInFlight = 0;
    const measure = () => {
      const inFlight = el.files.filter((file) => UPLOADING.includes(file.state)).length;
      maxInFlight = Math.max(maxInFlight, inFlight);
    };
    el.addEventListener('iku-upload-start', measure);
    el.addEventListener('iku-upload-progress', measure);

    const done = queueComplete(el);
    el.addFiles(await Promise.all(FIVE.map(fixtureFile)));
    const complete = (await done) as QueueCompleteDetail;

    expect(complete).to.include({ done: 5, failed: 0, canceled: 0 });
    expect(complete.rows.map((row) => row.name).sort()).to.have.length(5);
    expect(maxInFlight).to.equal(2);
  });

  it(
    'asks for the auth params of every queued file ' + 'in one request and never reuses a token',
    async () => {
      spy = spyAuthParams();
      const before = await serverStats();
      const el = await mountUploader({ attributes: { multiple: true, concurrency: '3' } });

      const done = queueComplete(el);
      el.addFiles(await Promise.all(FIVE.map(fixtureFile)));
      const complete = (await done) as QueueCompleteDetail;

      const after = await serverStats();
      expect(complete).to.include({ done: 5, failed: 0 });
      expect(spy.batches.map((batch) => batch.count)).to.deep.equal([5]);
      const tokens = spy.batches.flatMap((batch) => batch.tokens);
      expect(new Set(tokens).size).to.equal(5);
      expect(after.tokenReuseAttempts - before.tokenReuseAttempts).to.equal(0);
    },
  );

  it('uploads 45 files with three auth requests (batches of at most 20)', async () => {
    spy = spyAuthParams();
    const before = await serverStats();
    const el = await mountUploader({ attributes: { multiple: true, concurrency: '4' } });
    // Resource Timing counts the requests the page really made, this test's only.
    performance.setResourceTimingBufferSize(1000);
    performance.clearResourceTimings();
    const rocket = await fixtureFile('rocket.jpg');
    const files = Array.from(
      { length: 45 },
      (_, i) => new File([rocket], `rocket-${i}.jpg`, { type: 'image/jpeg' }),
    );

    const done = queueComplete(el);
    el.addFiles(files);
    const complete = (await done) as QueueCompleteDetail;

    const after = await serverStats();
    const authRequests = performance
      .getEntriesByType('resource')
      .filter((entry) => entry.name.startsWith(`${el.endpoint}/generate-auth-params`));
    expect(complete).to.include({ done: 45, failed: 0, canceled: 0 });
    expect(spy.batches.map((batch) => batch.count)).to.deep.equal([20, 20, 5]);
    expect(authRequests).to.have.length(3);
    expect(new Set(spy.batches.flatMap((batch) => batch.tokens)).size).to.equal(45);
    expect(after.uploads - before.uploads).to.equal(45);
    expect(after.tokenReuseAttempts - before.tokenReuseAttempts).to.equal(0);
  });
});
