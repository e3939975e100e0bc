/** A single byte range from a `Range` header, inclusive at both ends. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Reads `Range: bytes=a-b` (also `a-` and `-n`) against a body of `size` bytes. Returns
 * `undefined` when there is no usable single range (the whole body is then sent) and
 * `'unsatisfiable'` when the range lies outside the body.
 */
export function parseByteRange(
  header: string | undefined,
  size: number,
): ByteRange | 'unsatisfiable' | undefined {
  const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!match || (match[1] === '' && match[2] === '')) return undefined;

  const [first, last] = [match[1] ?? '', match[2] ?? ''];
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }

  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}
