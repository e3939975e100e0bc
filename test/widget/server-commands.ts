// The test servers as the widget's browser tests reach them: addresses, fault switches and
// signed-in users through `executeServerCommand`, and fixture files. Apart from helpers.ts, which
// defines the element from source, so a test of the built script can use them too.
import { executeServerCommand } from '@web/test-runner-commands';

export interface BackendInfo {
  endpoint: string;
  proxyEndpoint: string;
  uploadUrl: string;
}

export interface ServerStats {
  uploads: number;
  rejected: number;
  tokenReuseAttempts: number;
  faultsInjected: number;
  savesFailed: number;
  savesForwarded: number;
  /** Held saves the browser gave up on before the proxy passed them on. */
  savesAbandoned: number;
  authFailed: number;
  authAbandoned: number;
}

export const backendInfo = () => executeServerCommand<BackendInfo, undefined>('backend-info');
export const serverStats = () => executeServerCommand<ServerStats, undefined>('stats');
export const setUploadFaults = (faults: Record<string, number>) =>
  executeServerCommand<boolean, Record<string, number>>('set-upload-faults', faults);
export const failNextSaves = (count: number) =>
  executeServerCommand<boolean, { count: number }>('fail-next-saves', { count });
/** Holds every save for `ms` in the proxy before it reaches the backend (0 = no delay). */
export const delaySaves = (ms: number) =>
  executeServerCommand<boolean, { ms: number }>('delay-saves', { ms });
/** Answers the next `count` auth requests through the proxy with `status` and Retry-After. */
export const failNextAuth = (count: number, status = 503, retryAfter = 1) =>
  executeServerCommand<boolean, { count: number; status: number; retryAfter: number }>(
    'fail-next-auth',
    { count, status, retryAfter },
  );
/** Holds every auth request for `ms` in the proxy (0 = no delay). */
export const delayAuth = (ms: number) =>
  executeServerCommand<boolean, { ms: number }>('delay-auth', { ms });
/** Every button's accessible name and description, from Chromium's accessibility tree. */
export const axButtons = () =>
  executeServerCommand<{ name: string; description: string }[], undefined>('ax-buttons');
/** The page's live DOM nodes after garbage collection (CDP Performance.getMetrics `Nodes`). */
export const domNodes = () => executeServerCommand<number, undefined>('dom-nodes');

/** A signed-in user of its own for each test, so rows and rate limits never mix. */
export async function mintToken(): Promise<string> {
  const { token } = await executeServerCommand<{ token: string }, undefined>('mint-token');
  return token;
}

/** A file from test/fixtures, fetched from the test server as the browser would read it. */
export async function fixtureFile(name: string): Promise<File> {
  const response = await fetch(`/test/fixtures/${encodeURIComponent(name)}`);
  if (!response.ok) throw new Error(`fixture ${name}: ${response.status}`);
  const blob = await response.blob();
  return new File([blob], name, { type: blob.type });
}
