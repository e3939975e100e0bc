/**
 * A WebSocket-to-TCP relay speaking the protocol of Neon's wsproxy, so the Neon serverless driver
 * can reach a plain PostgreSQL in tests: the driver opens
 * `ws://127.0.0.1:<port>/v1?address=<host>:<port>` and every binary frame is copied to the TCP
 * socket and back.
 *
 * Only loopback targets are relayed; the relay is a test helper, not an open proxy.
 *
 * @module
 */
import { createServer } from 'node:http';
import net from 'node:net';
import { WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { WebSocket } from 'ws';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);

export interface RunningRelay {
  port: number;
  /** The value for `neonConfig.wsProxy`. */
  wsProxy: (host: string, port: number | string) => string;
  /** Number of relayed connections opened so far. */
  connections(): number;
  /** Closes the listener and cuts every open connection, as a network failure would. */
  close(): Promise<void>;
}

function parseTarget(requestUrl: string | undefined): { host: string; port: number } | null {
  const url = new URL(requestUrl ?? '/', 'http://relay');
  const address = url.searchParams.get('address');
  if (url.pathname !== '/v1' || !address) return null;

  const separator = address.lastIndexOf(':');
  const host = address.slice(0, separator).replace(/^\[|\]$/g, '');
  const port = Number(address.slice(separator + 1));
  if (!LOOPBACK_HOSTS.has(host) || !Number.isInteger(port) || port <= 0) return null;

  return { host, port };
}

function pipe(socket: WebSocket, target: { host: string; port: number }): net.Socket {
  const tcp = net.connect(target.port, target.host);

  // The driver may send its startup message before the TCP side is connected; the socket
  // buffers writes until then, so frames can be forwarded straight away.
  socket.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
    const chunk = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    tcp.write(chunk);
  });
  tcp.on('data', (chunk) => {
    if (socket.readyState === socket.OPEN) socket.send(chunk);
  });

  socket.on('close', () => tcp.destroy());
  socket.on('error', () => tcp.destroy());
  tcp.on('close', () => socket.terminate());
  tcp.on('error', () => socket.terminate());

  return tcp;
}

/**
 * Starts the relay on `port` (0 picks a free one; pass the old port to restart after `close`).
 */
export async function startWsRelay(port = 0): Promise<RunningRelay> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(426, { 'content-type': 'text/plain' });
    res.end('WebSocket upgrade required');
  });
  const wss = new WebSocketServer({ noServer: true });
  const open = new Set<{ socket: WebSocket; tcp: net.Socket }>();
  let opened = 0;

  server.on('upgrade', (request, socket, head) => {
    const target = parseTarget(request.url);
    if (!target) {
      socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }

    wss.handleUpgrade(request, socket, head, (ws) => {
      opened += 1;
      const entry = { socket: ws, tcp: pipe(ws, target) };
      open.add(entry);
      ws.on('close', () => open.delete(entry));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const boundPort = (server.address() as AddressInfo).port;

  return {
    port: boundPort,
    wsProxy: (host, targetPort) => `127.0.0.1:${boundPort}/v1?address=${host}:${targetPort}`,
    connections: () => opened,
    close: async () => {
      for (const { socket, tcp } of open) {
        tcp.destroy();
        socket.terminate();
      }
      open.clear();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
