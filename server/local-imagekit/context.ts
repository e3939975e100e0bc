import type { Faults } from './faults.ts';
import type { LocalStore } from './store.ts';
import type { LocalImageKitStats } from './types.ts';

/** What the routes of one stand-in share. */
export interface LocalContext {
  store: LocalStore;
  publicKey: string;
  privateKey: string;
  maxFileSize: number;
  faults: Faults;
  stats: LocalImageKitStats;
  /** `${origin}/local`; known once the server listens. */
  urlEndpoint: string;
}

/** The path under the origin where files are delivered. */
export const DELIVERY_PREFIX = '/local';
