/**
 * Lit's `html` without the indentation between tags. Each line break between two tags (or a tag
 * and an expression) would otherwise become a text node in every row: 18 of a queued row's 45
 * nodes, and again in the template Lit keeps for each row part. Whitespace next to text is kept.
 * @module
 */

import { html as litHtml } from 'lit';
import type { TemplateResult } from 'lit';
import { compactPart } from './template-compact.ts';

const compacted = new WeakMap<TemplateStringsArray, TemplateStringsArray>();

function compact(strings: TemplateStringsArray): TemplateStringsArray {
  let result = compacted.get(strings);
  if (result) return result;

  const parts = strings.map((part, index) => compactPart(part, index, strings.length - 1));
  // Lit accepts only a template strings array; this one derives from the literal alone.
  result = Object.assign(parts, { raw: parts }) as unknown as TemplateStringsArray;
  compacted.set(strings, result);
  return result;
}

/** `html` for the element's templates; same values, fewer DOM nodes. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): TemplateResult {
  return litHtml(compact(strings), ...values);
}
