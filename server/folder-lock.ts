/**
 * One process per data folder: a `<folder>.lock` directory (proper-lockfile) with the holder's PID
 * and host name inside. proper-lockfile alone tells a dead holder only by a lock not refreshed for
 * 15 s, which refused a restart right after a crash (`kill -9`); a holder on this host whose PID
 * is gone is taken over at once. A holder on another host (a shared folder) still ages out by
 * the refresh alone.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { mkdir, readFile, realpath, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';

// A lock not refreshed for this long belongs to a process that died or hung; it is taken over.
const STALE_MS = 15_000;
const HOLDER_FILE = 'holder.json';

/** Who holds a lock, as written in its holder file. */
export interface LockHolder {
  pid: number;
  hostname: string;
}

/** The folder is locked by a live process (or one this host cannot check). */
export class FolderHeldError extends Error {
  override name = 'FolderHeldError';

  constructor(
    readonly lockPath: string,
    /** null when the lock has no readable holder file (being created, or an older version's). */
    readonly holder: LockHolder | null,
  ) {
    super(
      `${lockPath} is held by ` +
        (holder ? `PID ${holder.pid} on ${holder.hostname}` : 'another process'),
    );
  }
}

export interface FolderLockOptions {
  /** Called when a held lock is lost, e.g. its directory was deleted. */
  onCompromised(error: Error): void;
}

/** "PID 1234 on this host, lock /data/pglite.lock", for the callers' messages. */
export function describeLock(error: FolderHeldError): string {
  const { holder, lockPath } = error;
  if (!holder) return `lock ${lockPath}`;
  const host = holder.hostname === os.hostname() ? 'this host' : `host ${holder.hostname}`;
  return `PID ${holder.pid} on ${host}, lock ${lockPath}`;
}

/**
 * proper-lockfile's file system, with the holder file kept inside the lock directory: written as
 * the directory is made (before proper-lockfile stamps its mtime), removed before the directory
 * is, on release, on exit and when a stale lock is taken over.
 */
function holderFs(holder: LockHolder): typeof fs {
  const holderFile = (dir: string) => path.join(dir, HOLDER_FILE);
  type Callback = (error: NodeJS.ErrnoException | null) => void;

  return {
    ...fs,
    mkdir: (dir: string, callback: Callback) => {
      fs.mkdir(dir, (error) => {
        if (error) return callback(error);
        fs.writeFile(holderFile(dir), JSON.stringify(holder), { flag: 'wx' }, (writeError) => {
          if (!writeError) return callback(null);
          fs.rm(dir, { recursive: true, force: true }, () => callback(writeError));
        });
      });
    },
    rmdir: (dir: string, callback: Callback) => {
      fs.rm(holderFile(dir), { force: true }, () => fs.rmdir(dir, callback));
    },
    rmdirSync: (dir: string) => {
      fs.rmSync(holderFile(dir), { force: true });
      fs.rmdirSync(dir);
    },
  } as typeof fs;
}

async function readHolder(lockPath: string): Promise<LockHolder | null> {
  try {
    const parsed: unknown = JSON.parse(await readFile(path.join(lockPath, HOLDER_FILE), 'utf8'));
    const { pid, hostname } = (parsed ?? {}) as Partial<LockHolder>;
    // 0 and negative PIDs would signal process groups.
    if (Number.isInteger(pid) && pid! > 0 && typeof hostname === 'string') {
      return { pid: pid!, hostname };
    }
  } catch {
    // Missing or half-written: treated as a live holder nobody can check.
  }
  return null;
}

/** A zombie (killed, not yet reaped by its parent) still answers kill(pid, 0). */
async function isZombie(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  // "1234 (name) Z ...": the state follows the name, which may itself hold a ')'.
  return stat.charAt(stat.lastIndexOf(')') + 2) === 'Z';
}

/** True only when the holder is known to be gone: same host, and its PID answers ESRCH. */
async function isDeadHere(holder: LockHolder): Promise<boolean> {
  if (holder.hostname !== os.hostname() || holder.pid === process.pid) return false;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // EPERM: alive, under another user.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
  return isZombie(holder.pid);
}

const isLocked = (error: unknown) => (error as { code?: unknown }).code === 'ELOCKED';

const sameHolder = (a: LockHolder | null, b: LockHolder) =>
  a !== null && a.pid === b.pid && a.hostname === b.hostname;

/**
 * Moves the dead holder's lock aside, then removes it. The rename is the claim: of two processes
 * restarting at once, only one moves the dead lock; a later rename that catches the winner's
 * fresh lock sees another holder inside and puts it back.
 */
async function removeDeadLock(lockPath: string, dead: LockHolder): Promise<void> {
  const aside = `${lockPath}.dead-${process.pid}-${randomUUID()}`;
  try {
    await rename(lockPath, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }

  const moved = await readHolder(aside);
  if (sameHolder(moved, dead)) {
    await rm(aside, { recursive: true, force: true });
    return;
  }
  await rename(aside, lockPath).catch(() => undefined);
  throw new FolderHeldError(lockPath, moved);
}

/**
 * Locks `folder` (created when missing) for this process.
 *
 * @returns the function that releases the lock.
 * @throws {FolderHeldError} when a live process (or one on another host) holds it.
 */
export async function lockFolder(
  folder: string,
  options: FolderLockOptions,
): Promise<() => Promise<void>> {
  await mkdir(folder, { recursive: true });
  const lockPath = `${await realpath(folder)}.lock`;
  const take = () =>
    lockfile.lock(folder, {
      stale: STALE_MS,
      retries: 0,
      lockfilePath: lockPath,
      fs: holderFs({ pid: process.pid, hostname: os.hostname() }),
      onCompromised: options.onCompromised,
    });

  try {
    return await take();
  } catch (error) {
    if (!isLocked(error)) throw error;
  }

  const holder = await readHolder(lockPath);
  if (!holder || !(await isDeadHere(holder))) throw new FolderHeldError(lockPath, holder);
  await removeDeadLock(lockPath, holder);

  try {
    return await take();
  } catch (error) {
    if (!isLocked(error)) throw error;
    throw new FolderHeldError(lockPath, await readHolder(lockPath));
  }
}
