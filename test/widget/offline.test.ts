import { expect, waitUntil } from '@open-wc/testing';
import type { QueueCompleteDetail } from '../../widget/events.ts';
import {
  fixtureFile,
  mountUploader,
  queueComplete,
  recordEvents,
  rowOf,
  setUploadFaults,
} from './helpers.ts';

/**
 * Flips what the page believes about the network the way the browser does (navigator.onLine
 * and the window event). DevTools network emulation would also cut this page's own link to the
 * test runner, so the reliability suite covers that variant with its own browser.
 */
function setOnline(online: boolean): void {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online });
  window.dispatchEvent(new Event(online ? 'online' : 'offline'));
}

describe('<imagekit-uploader> offline', () => {
  afterEach(async () => {
    setOnline(true);
    delete (navigator as { onLine?: boolean }).onLine;
    await setUploadFaults({});
  });

  it(
    'ends the attempt when the browser goes offline ' + 'and waits without spending retries',
    async () => {
      await setUploadFaults({ latencyMs: 1000 });
      const el = await mountUploader();
      const events = recordEvents(el);

      el.addFiles([await fixtureFile('rocket.jpg')]);
      await waitUntil(() => el.files[0].state === 'uploading');
      setOnline(false);
      await waitUntil(() => el.files[0].waitingForNetwork, 'should wait for the network');
      await el.updateComplete;

      expect(rowOf(el, 'rocket.jpg').querySelector('.state')?.textContent?.trim()).to.equal(
        'Offline, waiting for the connection',
      );
      // Longer than three backoffs of retry-delay=50 would take: no retry spent, no failure.
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(el.files[0]).to.include({ attempts: 1, waitingForNetwork: true });

      await setUploadFaults({});
      const done = queueComplete(el);
      setOnline(true);
      const complete = (await done) as QueueCompleteDetail;

      expect(complete).to.include({ done: 1, failed: 0 });
      expect(el.files[0].attempts).to.equal(2);
      expect(events.some((e) => e.type === 'iku-upload-error')).to.equal(false);
    },
  );
});
