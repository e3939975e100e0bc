import { createHash } from 'node:crypto';

import { fileDetails } from './file-view.ts';
import type { FileRecord } from './types.ts';

const MAX_LIST_LIMIT = 1000;

/** One entry of the list: a stored file, or a folder that holds some. */
type FolderEntry = { kind: 'folder'; folderPath: string; createdAt: string; updatedAt: string };
type Entry = { kind: 'file'; record: FileRecord } | FolderEntry;

type Comparable = 'name' | 'createdAt' | 'updatedAt' | 'size' | 'height' | 'width';

function value(entry: Entry, key: Comparable): string | number {
  if (entry.kind === 'folder') {
    if (key === 'name') return entry.folderPath.slice(entry.folderPath.lastIndexOf('/') + 1);
    if (key === 'createdAt' || key === 'updatedAt') return entry[key];
    return 0;
  }
  const field = entry.record[key];
  return field ?? 0;
}

function by(key: Comparable, direction: 1 | -1): (a: Entry, b: Entry) => number {
  return (a, b) => {
    const [x, y] = [value(a, key), value(b, key)];
    const order =
      typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return order * direction;
  };
}

// Relevance ranks matches of a searchQuery, which the stand-in does not take: both keep the
// default order.
const SORTS: Record<string, (a: Entry, b: Entry) => number> = {
  ASC_NAME: by('name', 1),
  DESC_NAME: by('name', -1),
  ASC_CREATED: by('createdAt', 1),
  DESC_CREATED: by('createdAt', -1),
  ASC_UPDATED: by('updatedAt', 1),
  DESC_UPDATED: by('updatedAt', -1),
  ASC_HEIGHT: by('height', 1),
  DESC_HEIGHT: by('height', -1),
  ASC_WIDTH: by('width', 1),
  DESC_WIDTH: by('width', -1),
  ASC_SIZE: by('size', 1),
  DESC_SIZE: by('size', -1),
  ASC_RELEVANCE: by('createdAt', 1),
  DESC_RELEVANCE: by('createdAt', 1),
};

const TYPES = new Set(['file', 'file-version', 'folder', 'all']);
const FILE_TYPES = new Set(['all', 'image', 'non-image']);

/** `/b/c/x.jpg` -> `/b/c`; `/x.jpg` -> `/`. */
function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}

function normalFolder(path: string): string {
  return `/${path.split('/').filter(Boolean).join('/')}`;
}

/**
 * Folders exist on ImageKit as entries of their own; the stand-in has none, so it lists the
 * folders its files are in. A folder emptied by deletes is gone here, unlike on ImageKit.
 */
function folders(records: FileRecord[]): FolderEntry[] {
  const found = new Map<string, { createdAt: string; updatedAt: string }>();
  for (const record of records) {
    for (let folder = parentOf(record.filePath); folder !== '/'; folder = parentOf(folder)) {
      const known = found.get(folder);
      found.set(folder, {
        createdAt: known && known.createdAt < record.createdAt ? known.createdAt : record.createdAt,
        updatedAt: known && known.updatedAt > record.updatedAt ? known.updatedAt : record.updatedAt,
      });
    }
  }
  return [...found].map(([folderPath, dates]) => ({
    kind: 'folder' as const,
    folderPath,
    ...dates,
  }));
}

function folderDetails(entry: FolderEntry): Record<string, unknown> {
  return {
    type: 'folder',
    folderId: createHash('sha1').update(entry.folderPath).digest('hex').slice(0, 24),
    name: entry.folderPath.slice(entry.folderPath.lastIndexOf('/') + 1),
    folderPath: entry.folderPath,
    customMetadata: {},
    createdAt: entry.createdAt,
    updatedAt: entry.updatedAt,
  };
}

function wholeNumber(given: string | undefined, fallback: number): number | undefined {
  if (given === undefined || given === '') return fallback;
  return /^\d+$/.test(given) ? Number(given) : undefined;
}

/**
 * GET /v1/files as ImageKit answers it: `path` keeps what is directly in that folder (not in its
 * subfolders), `type` picks files, folders or both (`file-version` lists older versions, which
 * the stand-in does not keep), then `sort`, `skip` and `limit`.
 *
 * @returns the list, or the message of a 400 for a parameter out of range.
 */
export function listFiles(
  urlEndpoint: string,
  records: FileRecord[],
  query: Record<string, string>,
): Array<Record<string, unknown>> | { error: string } {
  const type = query.type || 'file';
  if (!TYPES.has(type)) return { error: 'Your request contains invalid type parameter.' };

  const limit = wholeNumber(query.limit, MAX_LIST_LIMIT);
  const skip = wholeNumber(query.skip, 0);
  if (limit === undefined || limit < 1 || limit > MAX_LIST_LIMIT) {
    return { error: 'Your request contains invalid limit parameter (1 to 1000).' };
  }
  if (skip === undefined) return { error: 'Your request contains invalid skip parameter.' };

  const sort = SORTS[query.sort || 'ASC_CREATED'];
  if (!sort) return { error: 'Your request contains invalid sort parameter.' };

  const fileType = query.fileType || 'all';
  if (!FILE_TYPES.has(fileType)) {
    return { error: 'Your request contains invalid fileType parameter.' };
  }

  const inPath = (path: string) => !query.path || parentOf(path) === normalFolder(query.path);
  const files: Entry[] =
    type === 'file' || type === 'all'
      ? records
          .filter((record) => inPath(record.filePath))
          .filter((record) => fileType === 'all' || record.fileType === fileType)
          .map((record) => ({ kind: 'file', record }))
      : [];
  const listedFolders =
    type === 'folder' || type === 'all'
      ? folders(records).filter((entry) => inPath(entry.folderPath))
      : [];

  // Folders before files, as ImageKit's media library shows them; each group in the sort order.
  return [...listedFolders.sort(sort), ...files.sort(sort)]
    .slice(skip, skip + limit)
    .map((entry) =>
      entry.kind === 'file' ? fileDetails(urlEndpoint, entry.record) : folderDetails(entry),
    );
}
