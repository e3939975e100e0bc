/**
 * Stand-ins for the backend's database and ImageKit, for tests of what happens before either
 * is reached (authentication, CORS, methods, limits): each answers with fixed values, or fails
 * loudly when a test reaches it unexpectedly.
 *
 * @module
 */
import type { Queryable } from '../../server/db/types.ts';
import type { ImageKitService } from '../../server/imagekit.ts';

/** A database whose every query returns no rows. */
export const emptyDb: Queryable = { query: () => Promise.resolve([]) };

/** An ImageKit that signs fixed values and knows no files. */
export const stubImageKit: ImageKitService = {
  publicKey: 'public_test',
  uploadUrl: 'http://127.0.0.1:9/api/v1/files/upload',
  urlEndpoint: 'http://127.0.0.1:9/local',
  sign: (lifetime) => ({ token: 't', expire: 1_700_000_000 + lifetime, signature: 's' }),
  getFile: () => Promise.resolve(null),
  deleteFile: () => Promise.resolve('missing'),
};
