/**
 * Requests Node's HTTP parser refuses before any route runs (a URL or headers too large, a
 * malformed request line) get the same JSON error body as every other failure, instead of
 * Node's bare status line.
 *
 * @module
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { ServerType } from '@hono/node-server';
import type { Logger } from './log.ts';

const ANSWERS: Record<string, { status: number; reason: string; code: string; message: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    reason: 'Request Header Fields Too Large',
    code: 'headers_too_large',
    message: 'the request URL or headers are too large',
  },
};

const BAD_REQUEST = {
  status: 400,
  reason: 'Bad Request',
  code: 'invalid_request',
  message: 'the request is not valid HTTP',
};

/**
 * Installs the JSON answer on `server`'s `clientError`, with one `request.refused` line per
 * answer: the parser's reason only, as the refused bytes (URL, headers) may hold credentials.
 */
export function answerClientErrorsAsJson(server: ServerType, logger?: Logger): void {
  (server as Server).on('clientError', (error: Error & { code?: string }, socket: Socket) => {
    if (!socket.writable || error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }

    const answer = ANSWERS[error.code ?? ''] ?? BAD_REQUEST;
    logger?.warn('request.refused', {
      status: answer.status,
      code: answer.code,
      reason: error.code ?? error.name,
      client: socket.remoteAddress,
    });
    const body = JSON.stringify({
      success: false,
      error: { code: answer.code, message: answer.message },
    });
    socket.end(
      `HTTP/1.1 ${answer.status} ${answer.reason}\r\n` +
        'Content-Type: application/json\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  });
}
