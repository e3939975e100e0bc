import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { startHarness, uploadFixture, type Harness } from './local-imagekit.helpers.ts';

async function upload(harness: Harness, name: string, folder = '/'): Promise<string> {
  const { status, body } = await uploadFixture(harness, name, { folder });
  assert.equal(status, 200);
  return String(body.fileId);
}

interface Listed {
  type?: string;
  fileId?: string;
  folderPath?: string;
}

function ids(listed: Listed[]): unknown[] {
  return listed.map((entry) => entry.fileId);
}

describe('local ImageKit file list', () => {
  it('lists only the files at the top with path /', async (t) => {
    const harness = await startHarness(t);
    const top = await upload(harness, 'rocket.jpg');
    await upload(harness, 'chelsea.png', '/b');

    assert.deepEqual(ids(await harness.client.assets.list({ path: '/' })), [top]);
  });

  it('lists every file in every folder without path', async (t) => {
    const harness = await startHarness(t);
    const top = await upload(harness, 'rocket.jpg');
    const deep = await upload(harness, 'chelsea.png', '/b/c');

    assert.deepEqual(ids(await harness.client.assets.list()), [top, deep]);
  });

  it('sorts by height with ASC_HEIGHT and by width with DESC_WIDTH', async (t) => {
    const harness = await startHarness(t);
    const rocket = await upload(harness, 'rocket.jpg'); // 640x427
    const chelsea = await upload(harness, 'chelsea.png'); // 451x300
    const astronaut = await upload(harness, 'astronaut.png'); // 512x512

    const byHeight = await harness.client.assets.list({ sort: 'ASC_HEIGHT' });
    const byWidth = await harness.client.assets.list({ sort: 'DESC_WIDTH' });
    assert.deepEqual(ids(byHeight), [chelsea, rocket, astronaut]);
    assert.deepEqual(ids(byWidth), [rocket, astronaut, chelsea]);
  });

  it('accepts ASC_RELEVANCE, keeping the default order without a searchQuery', async (t) => {
    const harness = await startHarness(t);
    const first = await upload(harness, 'rocket.jpg');
    const second = await upload(harness, 'chelsea.png');

    const listed = await harness.client.assets.list({ sort: 'ASC_RELEVANCE' });
    assert.deepEqual(ids(listed), [first, second]);
  });

  it(
    'lists the folders directly in path with type=folder, ' + 'in ImageKit’s folder shape',
    async (t) => {
      const harness = await startHarness(t);
      await upload(harness, 'rocket.jpg', '/b');
      await upload(harness, 'chelsea.png', '/b/c');
      await upload(harness, 'coffee.png', '/b/c/d');

      const listed = await harness.client.assets.list({ type: 'folder', path: '/b' });
      assert.equal(listed.length, 1);
      const [folder] = listed;
      assert.deepEqual(
        { ...folder, folderId: undefined, createdAt: undefined, updatedAt: undefined },
        {
          type: 'folder',
          folderId: undefined,
          name: 'c',
          folderPath: '/b/c',
          customMetadata: {},
          createdAt: undefined,
          updatedAt: undefined,
        },
      );
      assert.match(String(folder?.folderId), /^[0-9a-f]{24}$/);
      assert.ok(!Number.isNaN(Date.parse(String(folder?.createdAt))));
    },
  );

  it('lists folders and then files with type=all', async (t) => {
    const harness = await startHarness(t);
    const top = await upload(harness, 'rocket.jpg');
    await upload(harness, 'chelsea.png', '/b');

    const listed = await harness.client.assets.list({ type: 'all', path: '/' });
    assert.deepEqual(
      listed.map((entry: Listed) => [entry.type, entry.fileId ?? entry.folderPath]),
      [
        ['folder', '/b'],
        ['file', top],
      ],
    );
  });

  it('lists no file versions with type=file-version, as it keeps no older versions', async (t) => {
    const harness = await startHarness(t);
    await uploadFixture(harness, 'rocket.jpg', { useUniqueFileName: 'false' });
    await uploadFixture(harness, 'rocket.jpg', { useUniqueFileName: 'false' });

    assert.deepEqual(await harness.client.assets.list({ type: 'file-version' }), []);
  });
});
