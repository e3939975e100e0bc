/**
 * Bench helper process: the two services the servers under test depend on, apart from the
 * servers themselves — the WebSocket relay to PostgreSQL and the local ImageKit stand-in.
 *
 * Env: BENCH_DATA_DIR (required); BENCH_MAX_FILE_SIZE (bytes) and BENCH_UPLOAD_LATENCY_MS
 * (the stand-in's `faults.latencyMs`), both optional.
 *
 * @module
 */
import { startLocalImageKit } from '../server/local-imagekit/index.ts';
import { startWsRelay } from '../test/helpers/ws-relay.ts';
import { reportReady } from './lib/children.ts';

export interface ServicesInfo {
  relayPort: number;
  imagekit: {
    uploadUrl: string;
    apiBaseUrl: string;
    urlEndpoint: string;
    publicKey: string;
    privateKey: string;
  };
}

const dataDir = process.env.BENCH_DATA_DIR;
if (!dataDir) throw new Error('BENCH_DATA_DIR is required');

const relay = await startWsRelay();
const imagekit = await startLocalImageKit({
  dataDir,
  ...(process.env.BENCH_MAX_FILE_SIZE
    ? { maxFileSize: Number(process.env.BENCH_MAX_FILE_SIZE) }
    : {}),
  ...(process.env.BENCH_UPLOAD_LATENCY_MS
    ? { faults: { latencyMs: Number(process.env.BENCH_UPLOAD_LATENCY_MS) } }
    : {}),
});

const info: ServicesInfo = {
  relayPort: relay.port,
  imagekit: {
    uploadUrl: imagekit.uploadUrl,
    apiBaseUrl: imagekit.apiBaseUrl,
    urlEndpoint: imagekit.urlEndpoint,
    publicKey: imagekit.publicKey,
    privateKey: imagekit.privateKey,
  },
};

reportReady(info, async () => {
  await imagekit.close();
  await relay.close();
});
