// Shared setup for the widget's browser tests: the element on the page, pointed at the real
// backend with a fresh signed-in user, fixture files as File objects, and an event recorder.
import { fixture, html } from '@open-wc/testing';
import '../../widget/index.ts';
import type { ImageKitUploader } from '../../widget/imagekit-uploader.ts';
import type { UploaderEventName } from '../../widget/events.ts';
import { backendInfo, mintToken } from './server-commands.ts';

export * from './server-commands.ts';

export interface MountOptions {
  attributes?: Record<string, string | boolean>;
  /** Use the save-failing proxy in front of the backend. */
  viaProxy?: boolean;
  /** The element's parent, e.g. a form; default a plain div. */
  parent?: HTMLElement;
}

/** Puts an uploader on the page with a bearer token for a fresh user. */
export async function mountUploader(options: MountOptions = {}): Promise<ImageKitUploader> {
  const info = await backendInfo();
  const token = await mintToken();

  const el = document.createElement('imagekit-uploader');
  el.setAttribute('endpoint', options.viaProxy ? info.proxyEndpoint : info.endpoint);
  el.setAttribute('retry-delay', '50');
  for (const [name, value] of Object.entries(options.attributes ?? {})) {
    if (value === false) continue;
    el.setAttribute(name, value === true ? '' : value);
  }
  el.authHeaders = () => ({ authorization: `Bearer ${token}` });

  const parent = options.parent ?? (await fixture<HTMLDivElement>(html`<div></div>`));
  parent.append(el);
  await el.updateComplete;
  return el;
}

export interface RecordedEvent {
  type: UploaderEventName;
  detail: unknown;
}

const EVENT_NAMES: UploaderEventName[] = [
  'iku-upload-state',
  'iku-upload-start',
  'iku-upload-progress',
  'iku-upload-success',
  'iku-upload-error',
  'iku-upload-cancel',
  'iku-queue-complete',
];

/** Every uploader event that reaches `target`, in order. */
export function recordEvents(target: EventTarget): RecordedEvent[] {
  const events: RecordedEvent[] = [];
  for (const type of EVENT_NAMES) {
    target.addEventListener(type, (event) => {
      events.push({ type, detail: (event as CustomEvent).detail });
    });
  }
  return events;
}

/** Resolves with the next `iku-queue-complete` detail. */
export function queueComplete(el: ImageKitUploader) {
  return new Promise<CustomEvent['detail']>((resolve) =>
    el.addEventListener('iku-queue-complete', (event) => resolve(event.detail), { once: true }),
  );
}

export function shadow(el: ImageKitUploader): ShadowRoot {
  if (!el.shadowRoot) throw new Error('no shadow root');
  return el.shadowRoot;
}

/** Resolves after `ms`. */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The text of the element's live region. */
export function announcement(el: ImageKitUploader): string {
  return shadow(el).querySelector('[aria-live]')?.textContent ?? '';
}

/** The row of a file by its name. */
export function rowOf(el: ImageKitUploader, name: string): HTMLElement {
  const row = [...shadow(el).querySelectorAll<HTMLElement>('li.file')].find(
    (li) => li.querySelector('.name')?.textContent === name,
  );
  if (!row) throw new Error(`no row for ${name}`);
  return row;
}

export interface AuthParamsSpy {
  /** One entry per `generate-auth-params` request: the count asked and the tokens received. */
  batches: { count: number; tokens: string[] }[];
  restore(): void;
}

/** Watches (never alters) the auth-params answers the page receives, to compare tokens. */
export function spyAuthParams(): AuthParamsSpy {
  const original = window.fetch;
  const batches: AuthParamsSpy['batches'] = [];

  window.fetch = async (input, init) => {
    const response = await original(input, init);
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    if (url.pathname.endsWith('/generate-auth-params') && response.ok) {
      const body = (await response.clone().json()) as { params: { token: string }[] };
      batches.push({
        count: Number(url.searchParams.get('count')),
        tokens: body.params.map((p) => p.token),
      });
    }
    return response;
  };

  return { batches, restore: () => (window.fetch = original) };
}

/** The element that has focus, looking through shadow roots. */
export function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** The saved rows of the signed-in user, straight from the backend. */
export async function listFiles(el: ImageKitUploader): Promise<{ fileId: string }[]> {
  const headers = typeof el.authHeaders === 'function' ? await el.authHeaders() : el.authHeaders;
  const response = await fetch(`${el.endpoint}/files`, { headers });
  const body = (await response.json()) as { files: { fileId: string }[] };
  return body.files;
}
