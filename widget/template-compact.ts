/**
 * The whitespace rules of the element's templates, apart from Lit so the build can apply them to
 * the literals ahead of time (the script must stay small) and `template.ts` at run time.
 * @module
 */

/**
 * One static part of an `html` template without the indentation between tags: line breaks
 * between two tags, or between a tag and an expression, go; any other run of whitespace with a
 * line break renders as one space; so does one inside a tag, except before its closing `>`.
 */
export function compactPart(part: string, index: number, last: number): string {
  let text = part.replace(/>\s*\n\s*</g, '><').replace(/\s*\n\s*(\/?>)/g, '$1');
  // Next to an expression, or at either end of the template.
  text = text.replace(index === 0 ? /^\s*\n\s*/ : /^\s*\n\s*(?=<|$)/, '');
  text = text.replace(index === last ? /\s*\n\s*$/ : /(?<=>|^)\s*\n\s*$/, '');
  return text.replace(/\s*\n\s*/g, ' ');
}

/** CSS without comments and the whitespace no rule needs. */
export function compactCss(css: string): string {
  return css
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,>])\s*/g, '$1')
    .replace(/:\s+/g, ':')
    .replace(/;}/g, '}')
    .replace(/([:, (])0\./g, '$1.')
    .trim();
}
