/**
 * Bench helper process: the real backend, started by `startServer` from the environment it is
 * given (real ImageKit-style keys and URLs pointing at the local stand-in, PostgreSQL through the
 * relay, JWT users), exactly as an operator would configure it.
 *
 * @module
 */
import { startServer } from '../server/main.ts';
import { reportReady } from './lib/children.ts';

const running = await startServer({ env: process.env });
reportReady({ url: running.url }, () => running.close());
