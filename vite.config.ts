/**
 * Two builds of the widget (run one after the other by `npm run build`):
 * - default mode: `dist/imagekit-uploader.js`, a self-contained IIFE for one script tag, with Lit
 *   and the ImageKit SDK inside;
 * - `--mode esm`: `dist/imagekit-uploader.es.js` for npm consumers, with `lit` and
 *   `@imagekit/javascript` left as imports so the consumer's bundler shares one Lit between all
 *   its components and dedupes the SDK.
 * Both take the whitespace out of the widget's `html` and `css` literals. The script build ends by
 * printing its gzip size against the 20 KB budget.
 */

import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ts from 'typescript';
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';
import { compactCss, compactPart } from './widget/template-compact.ts';

const GZIP_BUDGET_BYTES = 20 * 1024;

/**
 * Applies the run-time whitespace rules of `widget/template.ts` to every `html` literal ahead of
 * time, and minifies every `css` literal, so the bundle carries neither the indentation nor the
 * run-time pass (`template.ts` becomes Lit's own `html`).
 */
function compactTemplates(): Plugin {
  return {
    name: 'iku-compact-templates',
    enforce: 'pre',
    transform(code, id) {
      if (id.endsWith('/widget/template.ts'))
        return { code: "export { html } from 'lit';", map: null };
      if (!/\/widget\/[^/]+\.ts$/.test(id)) return null;

      const source = ts.createSourceFile(id, code, ts.ScriptTarget.Latest, true);
      const edits: { start: number; end: number; text: string }[] = [];
      const visit = (node: ts.Node): void => {
        const tag =
          ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && node.tag.text;
        if (tag === 'html' || tag === 'css') {
          const { template } = node as ts.TaggedTemplateExpression;
          const parts = ts.isNoSubstitutionTemplateLiteral(template)
            ? [template]
            : [template.head, ...template.templateSpans.map((span) => span.literal)];
          parts.forEach((part, index) => {
            // Inside the delimiters: ` or } before, ` or ${ after.
            const start = part.getStart(source) + 1;
            const end = part.end - (ts.isTemplateHead(part) || ts.isTemplateMiddle(part) ? 2 : 1);
            const raw = code.slice(start, end);
            // An escape would make the raw text differ from what the template sees.
            if (raw.includes('\\')) throw new Error(`${id}: escapes in a ${tag} literal`);
            const text =
              tag === 'css' ? compactCss(raw) : compactPart(raw, index, parts.length - 1);
            edits.push({ start, end, text });
          });
        }
        ts.forEachChild(node, visit);
      };
      visit(source);

      let result = code;
      for (const edit of edits.sort((a, b) => b.start - a.start)) {
        result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
      }
      return { code: result, map: null };
    },
  };
}

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
    plugins: [compactTemplates(), ...(esm ? [] : [reportGzipSize('dist/imagekit-uploader.js')])],
  };
});
