import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { UploadStateDetail } from '../../widget/events.ts';
import {
  announcement,
  fixtureFile,
  mountUploader,
  queueComplete,
  recordEvents,
  setUploadFaults,
  sleep,
} from './helpers.ts';

describe('<imagekit-uploader> events', () => {
  afterEach(() => setUploadFaults({}));

  it('reports every state of a file, in order, with the state it left', async () => {
    const el = await mountUploader();
    const events = recordEvents(el);

    const done = queueComplete(el);
    el.addFiles([await fixtureFile('rocket.jpg')]);
    await done;

    const states = events
      .filter((e) => e.type === 'iku-upload-state')
      .map((e) => e.detail as UploadStateDetail);
    expect(states.map(({ previous, state }) => `${previous} -> ${state}`)).to.deep.equal([
      'null -> queued',
      'queued -> authorizing',
      'authorizing -> uploading',
      'uploading -> saving',
      'saving -> done',
    ]);
    expect(states.every(({ file, state }) => file.state === state)).to.equal(true);
  });

  it('sends the state event bubbling out of the shadow root the element sits in', async () => {
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    const inner = document.createElement('div');
    host.attachShadow({ mode: 'open' }).append(inner);
    const el = await mountUploader({ parent: inner });
    const seen: string[] = [];
    host.addEventListener('iku-upload-state', (event) => seen.push(event.detail.state), {
      once: true,
    });

    const done = queueComplete(el);
    el.addFiles([await fixtureFile('rocket.jpg')]);
    await done;

    expect(seen).to.deep.equal(['queued']);
  });

  it('reports no completion when the only file in flight is removed', async () => {
    await setUploadFaults({ latencyMs: 800 });
    const el = await mountUploader();
    const events = recordEvents(el);

    el.addFiles([await fixtureFile('rocket.jpg')]);
    await waitUntil(() => el.files[0].state === 'uploading');
    el.removeFile(el.files[0].id);
    await sleep(300);
    await el.updateComplete;

    expect(events.filter((e) => e.type === 'iku-queue-complete')).to.deep.equal([]);
    expect(announcement(el)).to.not.match(/^Upload finished/);
  });
});
