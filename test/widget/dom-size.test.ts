import { expect, waitUntil } from '@open-wc/testing';
import type { QueueCompleteDetail } from '../../widget/events.ts';
import { domNodes, fixtureFile, mountUploader, queueComplete, shadow } from './helpers.ts';

/** Nodes in the page's live tree, shadow roots and template contents included. */
function liveTree(root: Node): number {
  let count = 1;
  if (root instanceof Element && root.shadowRoot) count += liveTree(root.shadowRoot);
  if (root instanceof HTMLTemplateElement) count += liveTree(root.content);
  for (const child of root.childNodes) count += liveTree(child);
  return count;
}

describe('<imagekit-uploader> DOM size', () => {
  it('gives back every row node when the list is cleared, cycle after cycle', async () => {
    const el = await mountUploader({ attributes: { multiple: true, concurrency: '4' } });
    const rocket = await fixtureFile('rocket.jpg');
    const fill = async () => {
      const done = queueComplete(el);
      el.addFiles(
        Array.from(
          { length: 12 },
          (_, i) => new File([rocket], `r${i}.jpg`, { type: 'image/jpeg' }),
        ),
      );
      const complete = (await done) as QueueCompleteDetail;
      // Pictures show once loaded; a detached image still loading stays alive until it ends.
      await waitUntil(
        () =>
          [...shadow(el).querySelectorAll('img')].filter((i) => i.src.includes('?tr=')).length ===
          12,
        'the thumbnails should show',
      );
      const images = [...shadow(el).querySelectorAll('img')];
      await Promise.all(images.map((image) => image.decode()));
      expect(complete).to.include({ done: 12, failed: 0 });
      expect(images).to.have.length(12);
    };
    const clear = async () => {
      el.clear();
      await el.updateComplete;
    };
    const baseline = { tree: liveTree(document), nodes: await domNodes() };

    await fill();
    const listed = { tree: liveTree(document), nodes: await domNodes() };
    await clear();
    const afterFirst = { tree: liveTree(document), nodes: await domNodes() };
    for (let cycle = 0; cycle < 3; cycle++) {
      await fill();
      await clear();
    }
    const afterFourth = { tree: liveTree(document), nodes: await domNodes() };

    const perRow = (listed.nodes - baseline.nodes) / 12;
    expect(perRow).to.be.above(20);
    // The live tree keeps only the live region's new text.
    expect(afterFirst.tree - baseline.tree).to.be.at.most(1);
    expect(afterFourth.tree).to.equal(afterFirst.tree);
    // Lit keeps one prepared <template> per template it has rendered, a one-time cost; three
    // more cycles of 12 rows may not add even one row's worth of detached nodes.
    expect(afterFourth.nodes - afterFirst.nodes).to.be.below(perRow);
  });

  it('draws a file row with no whitespace-only text nodes', async () => {
    const el = await mountUploader();
    const done = queueComplete(el);
    el.addFiles([await fixtureFile('coffee.png')]);
    await el.updateComplete;

    const row = shadow(el).querySelector('li.file')!;
    const walker = document.createTreeWalker(row, NodeFilter.SHOW_TEXT);
    const blank: Node[] = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent?.trim()) blank.push(node);
    }
    await done;
    // The saved state is drawn a frame after the event.
    await el.updateComplete;

    expect(row.querySelector('.detail')?.textContent).to.match(/^\S+ \S+ · Saved$/);
    expect(blank).to.deep.equal([]);
  });

  it('animates no progress bar, so no running transition keeps removed rows alive', async () => {
    const el = await mountUploader();
    const done = queueComplete(el);
    el.addFiles([await fixtureFile('coffee.png')]);
    await el.updateComplete;

    const fills = [...shadow(el).querySelectorAll<HTMLElement>('.bar > span')];
    const durations = fills.map((fill) => getComputedStyle(fill).transitionDuration);
    await done;

    expect(fills.length).to.be.above(0);
    expect(durations.every((duration) => duration === '0s')).to.equal(true);
  });
});
