/**
 * The `imagekit_files` table. Every read and delete names the user; the only unscoped lookup is
 * `ownerOf`, which answers "is this file someone else's" for the 409 on save.
 *
 * @module
 */
import type { Queryable } from './types.ts';

/** A saved file as the API returns it. */
export interface FileRow {
  id: string;
  fileId: string;
  url: string;
  name: string;
  filePath: string;
  fileType: string;
  mime: string | null;
  size: number;
  width: number | null;
  height: number | null;
  thumbnailUrl: string | null;
  tags: string[];
  /** ISO 8601. */
  uploadedAt: string;
}

/** What ImageKit says about a file, ready to store for `userId`. */
export type NewFile = Omit<FileRow, 'id' | 'uploadedAt'> & { userId: string };

export interface FilePage {
  files: FileRow[];
  nextCursor: string | null;
}

interface DbRow {
  id: string | number;
  file_id: string;
  file_url: string;
  name: string;
  file_path: string;
  file_type: string;
  mime: string | null;
  size_bytes: string | number;
  width: number | null;
  height: number | null;
  thumbnail_url: string | null;
  tags: string[] | null;
  upload_timestamp: Date | string;
  // Microsecond-exact timestamp for the cursor; a JS Date would round it to milliseconds.
  cursor_ts: string;
}

/** Thrown for a cursor this server did not issue. */
export class InvalidCursorError extends Error {
  override name = 'InvalidCursorError';
}

const COLUMNS = `id, file_id, file_url, name, file_path, file_type, mime, size_bytes, width, height,
  thumbnail_url, tags, upload_timestamp,
  to_char(upload_timestamp AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_ts`;

function toFileRow(row: DbRow): FileRow {
  return {
    id: String(row.id),
    fileId: row.file_id,
    url: row.file_url,
    name: row.name,
    filePath: row.file_path,
    fileType: row.file_type,
    mime: row.mime,
    size: Number(row.size_bytes),
    width: row.width,
    height: row.height,
    thumbnailUrl: row.thumbnail_url,
    tags: row.tags ?? [],
    uploadedAt: new Date(row.upload_timestamp).toISOString(),
  };
}

function encodeCursor(row: DbRow): string {
  return Buffer.from(JSON.stringify([row.cursor_ts, String(row.id)])).toString('base64url');
}

// Exactly what the COLUMNS to_char() writes, so nothing else reaches the `::timestamptz` cast.
const CURSOR_TS = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{6}Z$/;
const MAX_BIGINT = 9_223_372_036_854_775_807n;

/** A real calendar instant from year 1 to 9999, as Postgres stores it. */
function isCursorTimestamp(value: string): boolean {
  const parts = CURSOR_TS.exec(value);
  if (!parts) return false;
  const [year, month, day, hour, minute, second] = parts.slice(1).map(Number) as number[];

  // Date rolls 2021-02-30 over to March: only a date it leaves unchanged exists. The setters,
  // unlike Date.UTC, do not read years 0 to 99 as 1900 to 1999.
  const date = new Date(0);
  date.setUTCFullYear(year!, month! - 1, day!);
  date.setUTCHours(hour!, minute!, second!);
  return (
    year! >= 1 &&
    date.getUTCMonth() === month! - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second
  );
}

const isRowId = (value: string) => /^\d{1,19}$/.test(value) && BigInt(value) <= MAX_BIGINT;

function decodeCursor(cursor: string): [string, string] {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    // Falls through to the error below.
  }

  if (
    Array.isArray(value) &&
    value.length === 2 &&
    typeof value[0] === 'string' &&
    isCursorTimestamp(value[0]) &&
    typeof value[1] === 'string' &&
    isRowId(value[1])
  ) {
    return [value[0], value[1]];
  }
  throw new InvalidCursorError('is not a cursor this server issued');
}

export function createFilesRepository(db: Queryable) {
  return {
    /** Inserts the row unless the file id is already saved; null when it was. */
    async insertIfAbsent(file: NewFile): Promise<FileRow | null> {
      const rows = await db.query<DbRow>(
        `INSERT INTO imagekit_files (file_id, file_url, user_id, name, file_path, file_type, mime,
           size_bytes, width, height, thumbnail_url, tags)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (file_id) DO NOTHING
         RETURNING ${COLUMNS}`,
        [
          file.fileId,
          file.url,
          file.userId,
          file.name,
          file.filePath,
          file.fileType,
          file.mime,
          file.size,
          file.width,
          file.height,
          file.thumbnailUrl,
          file.tags,
        ],
      );
      return rows[0] ? toFileRow(rows[0]) : null;
    },

    /** The user who saved `fileId`, or null when nobody has. */
    async ownerOf(fileId: string): Promise<string | null> {
      const rows = await db.query<{ user_id: string }>(
        'SELECT user_id FROM imagekit_files WHERE file_id = $1',
        [fileId],
      );
      return rows[0]?.user_id ?? null;
    },

    async findForUser(userId: string, fileId: string): Promise<FileRow | null> {
      const rows = await db.query<DbRow>(
        `SELECT ${COLUMNS} FROM imagekit_files WHERE user_id = $1 AND file_id = $2`,
        [userId, fileId],
      );
      return rows[0] ? toFileRow(rows[0]) : null;
    },

    /** Newest first; pass the previous page's `nextCursor` for the next one. */
    async listForUser(userId: string, limit: number, cursor?: string): Promise<FilePage> {
      const after = cursor ? decodeCursor(cursor) : null;

      // One row more than asked tells whether another page exists.
      const rows = after
        ? await db.query<DbRow>(
            `SELECT ${COLUMNS} FROM imagekit_files
             WHERE user_id = $1 AND (upload_timestamp, id) < ($2::timestamptz, $3::bigint)
             ORDER BY upload_timestamp DESC, id DESC LIMIT $4`,
            [userId, after[0], after[1], limit + 1],
          )
        : await db.query<DbRow>(
            `SELECT ${COLUMNS} FROM imagekit_files WHERE user_id = $1
             ORDER BY upload_timestamp DESC, id DESC LIMIT $2`,
            [userId, limit + 1],
          );

      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        files: page.map(toFileRow),
        nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
      };
    },

    /** True when a row of this user was deleted. */
    async deleteForUser(userId: string, fileId: string): Promise<boolean> {
      const rows = await db.query<{ id: string }>(
        'DELETE FROM imagekit_files WHERE user_id = $1 AND file_id = $2 RETURNING id',
        [userId, fileId],
      );
      return rows.length > 0;
    },

    /** Cheap round trip for the health check. */
    async ping(): Promise<void> {
      await db.query('SELECT 1');
    },
  };
}

export type FilesRepository = ReturnType<typeof createFilesRepository>;
