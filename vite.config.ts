/**
 * Two builds of the widget (run one after the other by `npm run build`):
 * - default mode: `dist/imagekit-uploader.js`, a self-contained IIFE for one script tag, with Lit
 *   and the ImageKit SDK inside;
 * - `--mode esm`: `dist/imagekit-uploader.es.js` for npm consumers, with `lit` and
 *   `@imagekit/javascript` left as imports so the consumer's bundler shares one Lit between all
 *   its components and dedupes the SDK.
 * The script build ends by printing its gzip size against the 20 KB budget.
 */

import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';

const GZIP_BUDGET_BYTES = 20 * 1024;

function reportGzipSize(file: string): Plugin {
  return {
    name: 'iku-report-gzip-size',
    apply: 'build',
    closeBundle() {
      const bytes = gzipSync(readFileSync(file), { level: 9 }).length;
      const verdict = bytes <= GZIP_BUDGET_BYTES ? 'within' : 'OVER';
      console.log(
        `\n${file}: ${(bytes / 1024).toFixed(2)} KB gzip (${verdict} the ${GZIP_BUDGET_BYTES / 1024} KB budget)\n`,
      );
    },
  };
}

export default defineConfig(({ mode }) => {
  const esm = mode === 'esm';

  return {
    logLevel: 'info',
    // The ImageKit SDK's `browser` field names its UMD bundle, which cannot be tree-shaken; its
    // ES module build keeps only what the widget imports (the upload, not the URL builders).
    resolve: { mainFields: ['module', 'jsnext:main', 'jsnext'] },
    build: {
      outDir: 'dist',
      emptyOutDir: false,
      target: 'es2022',
      reportCompressedSize: true,
      minify: true,
      sourcemap: true,
      lib: {
        entry: resolve(import.meta.dirname, 'widget/index.ts'),
        name: 'ImageKitUploader',
        formats: [esm ? 'es' : 'iife'],
        fileName: () => (esm ? 'imagekit-uploader.es.js' : 'imagekit-uploader.js'),
      },
      rollupOptions: {
        external: esm ? [/^lit(\/|$)/, /^@lit\//, /^@imagekit\/javascript$/] : [],
      },
    },
    plugins: esm ? [] : [reportGzipSize('dist/imagekit-uploader.js')],
  };
});
