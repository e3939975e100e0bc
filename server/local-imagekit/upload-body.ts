/** The outcome of reading one upload's raw body. */
export type UploadBody =
  | { kind: 'complete'; bytes: Buffer }
  | { kind: 'too-large'; token: string | undefined }
  | { kind: 'cut'; token: string | undefined }
  | { kind: 'aborted'; token: string | undefined };

interface ReadOptions {
  /** Stop keeping bytes past this many; the rest is read only to find the token. */
  limit: number;
  /**
   * Drop the connection once half the body has arrived, as a network that fails mid-upload does:
   * the bytes past that point never reach the service.
   */
  cutHalfWay: boolean;
}

// A multipart part named "token", possibly with extra part headers, then its value.
const TOKEN_PART = /name="token"(?:\r\n[^\r\n]+)*\r\n\r\n([^\r\n]*)\r\n/;
const SCAN_OVERLAP = 4096;

function findToken(window: Buffer): string | undefined {
  const match = TOKEN_PART.exec(window.toString('latin1'));
  return match ? Buffer.from(match[1] ?? '', 'latin1').toString('utf8') : undefined;
}

/**
 * Reads a request body chunk by chunk. The token field is looked for as the bytes go by, so that
 * a request that is cut short (by a fault, or by the client disconnecting) or too large still uses
 * up a token the service has seen. A token still on its way when the body is cut was never seen:
 * browsers send it after the file, so a drop mid-file leaves it unspent.
 */
export async function readUploadBody(
  body: ReadableStream<Uint8Array> | null,
  declaredLength: number | undefined,
  options: ReadOptions,
): Promise<UploadBody> {
  if (!body) return { kind: 'complete', bytes: Buffer.alloc(0) };

  const reader = body.getReader();
  const kept: Buffer[] = [];
  let received = 0;
  let tail = Buffer.alloc(0);
  let token: string | undefined;

  for (;;) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await reader.read();
    } catch {
      // The client went away mid-body; what it sent so far may hold the token it used.
      return { kind: 'aborted', token };
    }
    const { done, value } = next;
    if (done) break;

    let chunk = Buffer.from(value);
    // Without a declared length, the first chunk stands for the whole body.
    const cutAt = options.cutHalfWay
      ? Math.ceil((declaredLength ?? received + chunk.length) / 2)
      : Infinity;
    if (received + chunk.length > cutAt) chunk = chunk.subarray(0, cutAt - received);

    received += chunk.length;
    if (received <= options.limit) kept.push(chunk);

    const window = Buffer.concat([tail, chunk]);
    token ??= findToken(window);
    tail = window.subarray(Math.max(0, window.length - SCAN_OVERLAP));

    if (received >= cutAt) {
      await reader.cancel().catch(() => undefined);
      return { kind: 'cut', token };
    }
  }

  if (options.cutHalfWay) return { kind: 'cut', token };
  if (received > options.limit) return { kind: 'too-large', token };
  return { kind: 'complete', bytes: Buffer.concat(kept) };
}
