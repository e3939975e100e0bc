/**
 * `npm run imagekit:local`: the stand-in on its own, configured from the environment.
 * DATA_DIR (default ./.data), LOCAL_IMAGEKIT_PORT (default 3001), HOST (default 127.0.0.1),
 * LOCAL_IMAGEKIT_MAX_FILE_SIZE (bytes, default 25 MB).
 */
import { startLocalImageKit } from './index.ts';
import { mainOptions } from './main-options.ts';

let options: ReturnType<typeof mainOptions>;
try {
  options = mainOptions(process.env);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

// A folder held by another process, or a port in use: say so in one line, without a stack.
const imagekit = await startLocalImageKit({ ...options, log: true }).catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});

// The private key stays in the data folder; only what a browser may see is printed.
console.log(`Local ImageKit listening on ${imagekit.origin}`);
console.log(`  upload URL:   ${imagekit.uploadUrl}`);
console.log(`  URL endpoint: ${imagekit.urlEndpoint}`);
console.log(`  public key:   ${imagekit.publicKey}`);
console.log(`  max size:     ${options.maxFileSize} bytes`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void imagekit.close().then(() => process.exit(0));
  });
}
