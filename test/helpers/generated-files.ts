/**
 * Files too large to keep in the repository, made on demand and cached in the OS temp folder.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, rename, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const CACHE = path.join(os.tmpdir(), 'imagekit-uploader-generated');

async function cached(name: string, make: (target: string) => Promise<void>): Promise<string> {
  const target = path.join(CACHE, name);
  if (existsSync(target)) return target;

  // Written beside and renamed, so a half-made file from a killed run is never reused.
  await mkdir(CACHE, { recursive: true });
  const partial = `${target}.${process.pid}.partial`;
  await make(partial);
  await rename(partial, target);
  return target;
}

/**
 * A phone-sized photo: 4032x4032 JPEG of about 6 MB, a real photo enlarged with sensor-like grain
 * so that it compresses like a camera's output rather than like a flat test card.
 */
export function photo16mp(): Promise<string> {
  return cached('photo-16mp.jpg', async (target) => {
    const photo = await sharp(path.join(FIXTURES, 'hubble-deep-field.jpg'))
      .resize(4032, 4032, { fit: 'cover' })
      .toBuffer();
    const grain = { type: 'gaussian' as const, mean: 128, sigma: 12 };

    await sharp({
      create: { width: 4032, height: 4032, channels: 3, noise: grain, background: '#808080' },
    })
      .composite([{ input: photo, blend: 'overlay' }])
      .jpeg({ quality: 90 })
      .toFile(target);
  });
}

/** A file of `megabytes` MB of random bytes (random, so no layer can compress it away). */
export function randomFile(megabytes: number): Promise<string> {
  return cached(`random-${megabytes}mb.bin`, async (target) => {
    const out = createWriteStream(target);
    for (let written = 0; written < megabytes; written += 1) {
      if (!out.write(randomBytes(1024 * 1024))) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
  });
}

/** `count` distinct JPEG photos of about `kilobytes` KB each, for batch uploads and memory runs. */
export async function photoBatch(count: number, kilobytes = 200): Promise<string[]> {
  const side = Math.round(Math.sqrt(kilobytes * 1024 * 3.2));
  const files: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const file = await cached(`batch-${kilobytes}kb-${index}.jpg`, async (target) => {
      const grain = { type: 'gaussian' as const, mean: 96 + (index % 64), sigma: 18 };
      await sharp({
        create: { width: side, height: side, channels: 3, noise: grain, background: '#808080' },
      })
        .jpeg({ quality: 82 })
        .toFile(target);
    });
    files.push(file);
  }
  return files;
}

/** Size in bytes of a file on disk. */
export async function sizeOf(file: string): Promise<number> {
  return (await stat(file)).size;
}
