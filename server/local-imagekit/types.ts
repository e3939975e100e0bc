/** Options for one local ImageKit stand-in. */
export interface LocalImageKitOptions {
  /** Files and records are kept under `${dataDir}/local-imagekit/`. */
  dataDir: string;
  publicKey: string;
  privateKey: string;
  /** Largest accepted upload in bytes; 25 MB unless set. */
  maxFileSize?: number;
  /** Injected failures for uploads; off unless set. */
  faults?: FaultOptions;
  /** One structured line per request on stdout (for `npm run imagekit:local`); off by default. */
  log?: boolean;
}

/** Failures injected into uploads, to exercise retries. */
export interface FaultOptions {
  /** 0..1 share of uploads answered 500. */
  errorRate?: number;
  /** 0..1 share of uploads whose connection is destroyed once half the body has arrived. */
  dropRate?: number;
  /** Added before answering uploads. */
  latencyMs?: number;
  /** The next N uploads answer 500 (deterministic, for tests). */
  failNext?: number;
  /**
   * The next N uploads hang: their body is never read, as over a connection that stops moving
   * mid-upload, until the client gives up (or 2 minutes pass and the stand-in drops it).
   */
  stallNext?: number;
}

export interface LocalImageKitStats {
  /** Uploads answered 200. */
  uploads: number;
  /** Uploads answered with an error (faults included). */
  rejected: number;
  /** Uploads that presented a token seen before. */
  tokenReuseAttempts: number;
  /** Uploads failed or dropped on purpose by the fault options. */
  faultsInjected: number;
}

export interface RunningLocalImageKit {
  /** e.g. http://127.0.0.1:3001 */
  origin: string;
  /** `${origin}/api/v1/files/upload` */
  uploadUrl: string;
  /** `${origin}`, the `baseURL` for @imagekit/nodejs (paths /v1/files/...). */
  apiBaseUrl: string;
  /** `${origin}/local`; files are delivered at `${urlEndpoint}/<filePath>`. */
  urlEndpoint: string;
  publicKey: string;
  privateKey: string;
  setFaults(faults: FaultOptions): void;
  stats(): LocalImageKitStats;
  close(): Promise<void>;
}

/** What the stand-in remembers about one stored file. */
export interface FileRecord {
  fileId: string;
  name: string;
  /** Always starts with `/`, e.g. `/products/shoe_a1B2c3.jpg`. */
  filePath: string;
  size: number;
  fileType: 'image' | 'non-image';
  mime: string;
  width?: number;
  height?: number;
  hasAlpha: boolean;
  tags: string[] | null;
  isPrivateFile: boolean;
  customCoordinates: string | null;
  customMetadata: Record<string, unknown>;
  versionId: string;
  versionNumber: number;
  /** Hex SHA-1 of the stored bytes, used as the delivery ETag. */
  sha1: string;
  createdAt: string;
  updatedAt: string;
}
