/**
 * Data shapes shared by the widget's modules: what the backend returns, what ImageKit returns,
 * and the public snapshot of one file in the list.
 * @module
 */

/** A saved file as the backend returns it (`POST /save-metadata`, `GET /files`). */
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
  uploadedAt: string;
}

/** One single-use set of upload credentials signed by the backend. */
export interface AuthParams {
  token: string;
  expire: number;
  signature: string;
}

/** The answer of `GET {endpoint}/generate-auth-params?count=N`. */
export interface AuthParamsBatch {
  publicKey: string;
  uploadUrl: string;
  params: AuthParams[];
}

/** What ImageKit's upload answered; passed to the backend's save unchanged. */
export interface UploadResult {
  fileId: string;
  url: string;
  name?: string;
  [key: string]: unknown;
}

/** Where one file is. `failed` carries a code; only `done` means a saved row exists. */
export type FileState =
  'queued' | 'authorizing' | 'uploading' | 'saving' | 'done' | 'failed' | 'canceled';

/** Why a file failed: validation refusals first, then failures of a step. */
export type UploaderErrorCode =
  | 'file-empty'
  | 'file-too-large'
  | 'file-type-not-accepted'
  | 'too-many-files'
  | 'auth-params-failed'
  | 'upload-rejected'
  | 'upload-server-error'
  | 'network-error'
  | 'save-failed'
  | 'unknown';

/** A read-only snapshot of one file in the list, as events and `files` expose it. */
export interface UploaderFile {
  /** Stable id of the entry within this element. */
  id: string;
  name: string;
  size: number;
  type: string;
  state: FileState;
  /** Bytes sent of the current attempt. */
  loaded: number;
  /** Upload attempts started so far (auto and manual retries included). */
  attempts: number;
  /** Set while `state` is `failed`. */
  error?: {
    code: UploaderErrorCode;
    message: string;
    status?: number;
    /** `message` is what ImageKit or the backend said; the row shows it under the state. */
    fromServer?: boolean;
    /** The backend could not be reached at all: down, a wrong endpoint, or blocked by CORS. */
    unreachable?: boolean;
  };
  /** True while an attempt waits for the browser to come back online. */
  waitingForNetwork: boolean;
  /** True while a failed step waits out its backoff before running again. */
  retrying: boolean;
  /** Set once ImageKit accepted the file (it may not be saved yet). */
  uploaded?: UploadResult;
  /** Set once `state` is `done`. */
  row?: FileRow;
}
