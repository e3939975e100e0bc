import { expect } from '@open-wc/testing';
import type { QueueCompleteDetail } from '../../widget/events.ts';
import {
  fixtureFile,
  mountUploader,
  queueComplete,
  setUploadFaults,
  spyAuthParams,
} from './helpers.ts';
import type { AuthParamsSpy } from './helpers.ts';

const FIVE = ['rocket.jpg', 'hubble-deep-field.jpg', 'astronaut.png', 'coffee.png', 'chelsea.png'];
const IN_FLIGHT = ['authorizing', 'uploading', 'saving'];

describe('<imagekit-uploader> batches', () => {
  let spy: AuthParamsSpy | undefined;

  afterEach(async () => {
    spy?.restore();
    await setUploadFaults({});
  });

  it('uploads five files with never more than two in flight at concurrency 2', async () => {
    // A little server latency makes the uploads overlap, so the limit is actually reached.
    await setUploadFaults({ latencyMs: 150 });
    const el = await mountUploader({ attributes: { multiple: true, concurrency: '2' } });
    let maxInFlight = 0;
    const measure = () => {
      const inFlight = el.files.filter((file) => IN_FLIGHT.includes(file.state)).length;
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

  it('asks for the first batch of auth params in one request and never reuses a token', async () => {
    spy = spyAuthParams();
    const el = await mountUploader({ attributes: { multiple: true, concurrency: '3' } });

    const done = queueComplete(el);
    el.addFiles(await Promise.all(FIVE.map(fixtureFile)));
    await done;

    expect(spy.batches[0].count).to.equal(3);
    expect(spy.batches.reduce((sum, batch) => sum + batch.count, 0)).to.equal(5);
    const tokens = spy.batches.flatMap((batch) => batch.tokens);
    expect(new Set(tokens).size).to.equal(5);
  });
});
