import { expect, waitUntil } from '@open-wc/testing';
import type { QueueCompleteDetail, UploadStartDetail } from '../../widget/events.ts';
import type { UploadSuccessDetail } from '../../widget/events.ts';
import {
  delaySaves,
  fixtureFile,
  mountUploader,
  queueComplete,
  recordEvents,
  rowOf,
  setUploadFaults,
  shadow,
} from './helpers.ts';

/** A new task without the 1-4 ms a timer costs, so several fit well inside one frame. */
const nextTask = () =>
  new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = resolve;
    channel.port2.postMessage(null);
  });

describe('<imagekit-uploader> pipeline', () => {
  afterEach(async () => {
    await delaySaves(0);
    await setUploadFaults({});
  });

  it('starts the next upload while the previous file is still saving', async () => {
    const el = await mountUploader({ viaProxy: true, attributes: { multiple: true } });
    el.concurrency = 1;
    await delaySaves(800);
    const events = recordEvents(el);

    const done = queueComplete(el);
    el.addFiles([await fixtureFile('rocket.jpg'), await fixtureFile('coffee.png')]);
    const complete = (await done) as QueueCompleteDetail;

    const order = events
      .filter((e) => e.type === 'iku-upload-start' || e.type === 'iku-upload-success')
      .map((e) => {
        const { file } = e.detail as UploadStartDetail | UploadSuccessDetail;
        return `${e.type === 'iku-upload-start' ? 'start' : 'saved'} ${file.name}`;
      });
    expect(complete).to.include({ done: 2, failed: 0 });
    expect(order).to.deep.equal([
      'start rocket.jpg',
      'start coffee.png',
      'saved rocket.jpg',
      'saved coffee.png',
    ]);
  });

  it(
    "keeps a saved file's local preview while others upload, " + "then shows ImageKit's thumbnail",
    async () => {
      const el = await mountUploader({ attributes: { multiple: true, concurrency: '1' } });
      // Slow uploads, so the second one is surely in flight when the first is saved.
      await setUploadFaults({ latencyMs: 600 });
      let srcWhileUploading: string | null | undefined;
      el.addEventListener(
        'iku-upload-success',
        () => {
          void el.updateComplete.then(() => {
            srcWhileUploading = rowOf(el, 'rocket.jpg').querySelector('img')?.getAttribute('src');
          });
        },
        { once: true },
      );

      const done = queueComplete(el);
      el.addFiles([await fixtureFile('rocket.jpg'), await fixtureFile('coffee.png')]);
      await done;
      const idleAt = performance.now();
      await waitUntil(
        () =>
          ['rocket.jpg', 'coffee.png'].every((name) =>
            rowOf(el, name).querySelector('img')?.src.includes('?tr='),
          ),
        'the thumbnails should show',
      );
      const images = ['rocket.jpg', 'coffee.png'].map((name) =>
        rowOf(el, name).querySelector('img')!,
      );
      await Promise.all(images.map((image) => image.decode()));

      // Resource Timing says when each thumbnail request of this element's rows started.
      const thumbnails = performance
        .getEntriesByType('resource')
        .filter((entry) => el.value.some((row) => entry.name.startsWith(`${row.url}?tr=`)));
      expect(srcWhileUploading).to.match(/^blob:/);
      expect(thumbnails).to.have.length(2);
      expect(thumbnails.filter((entry) => entry.startTime < idleAt)).to.deep.equal([]);
      images.forEach((image, index) => {
        expect(image.getAttribute('src')).to.equal(
          `${el.value[index].url}?tr=w-160,h-160,c-at_max`,
        );
      });
    },
  );

  it('renders once per animation frame however many changes arrive in it', async () => {
    const el = await mountUploader({ attributes: { multiple: true, concurrency: '1' } });
    await setUploadFaults({ latencyMs: 2000 });
    el.addFiles(await Promise.all(['rocket.jpg', 'coffee.png', 'chelsea.png'].map(fixtureFile)));
    el.addFiles(await Promise.all(['astronaut.png', 'hubble-deep-field.jpg'].map(fixtureFile)));
    // The previews show as they load, each in a render of its own; let them come first.
    await waitUntil(() => shadow(el).querySelectorAll('img').length === 5, 'previews should show');
    await el.updateComplete;
    let renders = 0;
    const update = el['update' as keyof typeof el] as (changed: Map<string, unknown>) => void;
    Object.assign(el, {
      update(changed: Map<string, unknown>) {
        renders++;
        update.call(el, changed);
      },
    });

    const done = queueComplete(el);
    // Four changes, each in a task of its own, all well inside one frame.
    await new Promise((resolve) => requestAnimationFrame(resolve));
    for (const file of el.files.slice(1)) {
      el.cancelFile(file.id);
      await nextTask();
    }
    await el.updateComplete;

    expect(el.files.map((file) => file.state).slice(1)).to.deep.equal([
      'canceled',
      'canceled',
      'canceled',
      'canceled',
    ]);
    expect(renders).to.equal(1);
    // The first upload runs to its end, so no later test meets it at the stand-in.
    await done;
  });
});
