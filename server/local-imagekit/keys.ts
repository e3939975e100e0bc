import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

interface KeyPair {
  publicKey: string;
  privateKey: string;
}

function isKeyPair(value: unknown): value is KeyPair {
  if (typeof value !== 'object' || value === null) return false;
  const { publicKey, privateKey } = value as Record<string, unknown>;
  return typeof publicKey === 'string' && typeof privateKey === 'string';
}

async function readKeys(file: string): Promise<KeyPair | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (!isKeyPair(parsed)) throw new Error(`${file} does not hold publicKey and privateKey`);
    return parsed;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Reads the local key pair from `${dataDir}/local-imagekit/keys.json`, creating it on first use.
 * The file is written exclusively, so two processes starting together end up with one pair.
 */
export async function loadOrCreateLocalKeys(dataDir: string): Promise<KeyPair> {
  const folder = join(dataDir, 'local-imagekit');
  const file = join(folder, 'keys.json');

  const existing = await readKeys(file);
  if (existing) return existing;

  await mkdir(folder, { recursive: true });
  const created: KeyPair = {
    publicKey: `public_local_${randomBytes(12).toString('hex')}`,
    privateKey: `private_local_${randomBytes(24).toString('hex')}`,
  };
  try {
    await writeFile(file, JSON.stringify(created, null, 2), { flag: 'wx', mode: 0o600 });
    return created;
  } catch (error) {
    // Another caller won the race: use its pair, once it has finished writing it.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    for (let attempt = 0; ; attempt += 1) {
      try {
        const winner = await readKeys(file);
        if (winner) return winner;
        if (attempt >= 20) throw error;
      } catch (readError) {
        if (attempt >= 20) throw readError;
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
