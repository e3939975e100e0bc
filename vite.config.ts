/**
 * Two builds of the widget (run one after the other by `npm run build`):
 * - default mode: `dist/imagekit-uploader.js`, a self-contained IIFE for one script tag, with Lit
 *   and the ImageKit SDK inside;
 * - `--mode esm`: `dist/imagekit-uploader.es.js` for npm consumers, with `lit` and
 *   `@imagekit/javascript` left as imports so the consumer's bundler shares one Lit between all
 *   its components and dedupes the SDK.
 * Both take the whitespace out of the widget's `html` and `css` literals. The script build leaves
 * out the SDK code the widget never reaches, is minified by terser, and ends by printing its gzip
 * size against the 20 KB budget.
 */

import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ts from 'typescript';
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';
import { compactCss, compactPart } from './widget/template-compact.ts';

const GZIP_BUDGET_BYTES = 20 * 1024;

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** `code` with each edit's range replaced by its text; the ranges must not overlap. */
function applyEdits(code: string, edits: Edit[]): string {
  let result = code;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) {
    result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  }
  return result;
}

/** What a `css` literal without expressions becomes: the same sheet, without Lit's `css` tag. */
const UNSAFE_CSS = 'ikuUnsafeCss';

/**
 * Applies the run-time whitespace rules of `widget/template.ts` to every `html` literal ahead of
 * time, and minifies every `css` literal, so the bundle carries neither the indentation nor the
 * run-time pass (`template.ts` becomes Lit's own `html`). A `css` literal without expressions,
 * minified, is handed to Lit's `unsafeCSS` (which it is safe for: it is our own text), so the
 * script carries no `css` tag with its checks of interpolated values.
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
      const edits: Edit[] = [];
      const visit = (node: ts.Node): void => {
        const tag =
          ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && node.tag.text;
        if (tag === 'html' || tag === 'css') {
          const { template } = node as ts.TaggedTemplateExpression;
          if (tag === 'css' && ts.isNoSubstitutionTemplateLiteral(template)) {
            const raw = template.getText(source).slice(1, -1);
            if (raw.includes('\\')) throw new Error(`${id}: escapes in a css literal`);
            const text = `${UNSAFE_CSS}(${JSON.stringify(compactCss(raw))})`;
            edits.push({ start: node.getStart(source), end: node.end, text });
            return;
          }
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

      const compacted = applyEdits(code, edits);
      const usesUnsafeCss = edits.some((edit) => edit.text.startsWith(`${UNSAFE_CSS}(`));
      return {
        code: usesUnsafeCss
          ? `import { unsafeCSS as ${UNSAFE_CSS} } from 'lit';\n${compacted}`
          : compacted,
        map: null,
      };
    },
  };
}

/** The SDK code the widget never reaches, and what stands in for it in the script build. */
const UNUSED_SDK_PARTS: {
  what: string;
  find(node: ts.Node, source: ts.SourceFile): ts.Node | undefined;
  stub: string;
}[] = [
  {
    // buildSrc() reaches it only for an `overlay` key; the widget's thumbnail has none.
    what: 'the overlay encoder behind buildSrc()',
    find: (node) =>
      ts.isFunctionDeclaration(node) && node.name?.text === 'processOverlay'
        ? node.body
        : undefined,
    stub: "{ throw new Error('ImageKit overlays are left out of this build'); }",
  },
  {
    // upload() checks a `transformation` option; the widget passes none.
    what: "upload()'s checks of a transformation option",
    find: (node, source) =>
      ts.isIfStatement(node) && node.expression.getText(source) === 'uploadOptions.transformation'
        ? node
        : undefined,
    stub: '',
  },
  // upload() checks that the options it needs are there; the widget always passes them: the file
  // and its name, and the auth params it checked when the backend sent them. An empty one would
  // reach ImageKit, which refuses it with a message of its own.
  ...[
    '!uploadOptions.file',
    '!uploadOptions.fileName',
    '!uploadOptions.publicKey || uploadOptions.publicKey.length === 0',
    '!uploadOptions.token',
    '!uploadOptions.signature',
    '!uploadOptions.expire',
  ].map((condition) => ({
    what: `upload()'s check of ${condition}`,
    find: (node: ts.Node, source: ts.SourceFile) =>
      ts.isIfStatement(node) && node.expression.getText(source) === condition ? node : undefined,
    stub: '',
  })),
];

/**
 * Leaves out of the script build the parts of the ImageKit SDK the widget never reaches, 0.9 KB
 * gzip of the 20 KB budget: the overlay layers of a URL (text, image, video, subtitle, solid
 * colour; with their base64 encoding), the checks of an upload-time transformation, and the
 * checks for upload options the widget always passes. An overlay asked for would throw rather
 * than vanish from a URL. The build stops when an SDK update moved any of these parts. The ES
 * module build imports the SDK whole.
 */
function withoutUnusedSdkParts(): Plugin {
  return {
    name: 'iku-without-unused-sdk-parts',
    enforce: 'pre',
    transform(code, id) {
      if (!id.endsWith('/@imagekit/javascript/dist/imagekit.esm.js')) return null;

      const source = ts.createSourceFile(id, code, ts.ScriptTarget.Latest, true);
      const edits = UNUSED_SDK_PARTS.map((part): Edit => {
        const found: ts.Node[] = [];
        const visit = (node: ts.Node): void => {
          const match = part.find(node, source);
          if (match) found.push(match);
          ts.forEachChild(node, visit);
        };
        visit(source);
        if (found.length !== 1) {
          throw new Error(`${id}: ${found.length} matches for ${part.what}, expected 1`);
        }
        return { start: found[0].getStart(source), end: found[0].end, text: part.stub };
      });

      return { code: applyEdits(code, edits), map: null };
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
      // Three terser passes take 0.2 KB gzip more off the script than Vite's own minifier. Vite
      // asks terser for Safari 10 workarounds, which an ES2022 build has no use for.
      minify: esm ? true : 'terser',
      terserOptions: { ecma: 2022, safari10: false, compress: { passes: 3 } },
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
    plugins: [
      compactTemplates(),
      ...(esm ? [] : [withoutUnusedSdkParts(), reportGzipSize('dist/imagekit-uploader.js')]),
    ],
  };
});
