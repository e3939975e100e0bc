/**
 * `npm run imagekit:local`: the stand-in on its own, configured from the environment.
 * DATA_DIR (default ./.data), LOCAL_IMAGEKIT_PORT (default 3001), HOST (default 127.0.0.1).
 */
import { startLocalImageKit } from './index.ts';

function port(value: string | undefined): number {
  const parsed = Number(value ?? '3001');
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) {
    throw new Error(`LOCAL_IMAGEKIT_PORT must be a port number (0-65535), got '${value}'`);
  }
  return parsed;
}

const imagekit = await startLocalImageKit({
  dataDir: process.env.DATA_DIR || './.data',
  port: port(process.env.LOCAL_IMAGEKIT_PORT),
  hostname: process.env.HOST || '127.0.0.1',
  log: true,
});

// The private key stays in the data folder; only what a browser may see is printed.
console.log(`Local ImageKit listening on ${imagekit.origin}`);
console.log(`  upload URL:   ${imagekit.uploadUrl}`);
console.log(`  URL endpoint: ${imagekit.urlEndpoint}`);
console.log(`  public key:   ${imagekit.publicKey}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void imagekit.close().then(() => process.exit(0));
  });
}
