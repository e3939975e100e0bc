/**
 * The element's public settings: every attribute and property a page sets, with its default.
 * The element class adds the behaviour; the upload queue reads these at the moment it needs them.
 * @module
 */

import { LitElement } from 'lit';
import type { PropertyDeclarations } from 'lit';
import type { HeadersSource } from './backend-client.ts';
import type { UploaderStrings } from './strings.ts';

/**
 * Number attributes: a removed or blank one leaves the property unset, so the default (or no
 * limit) applies. Lit's own Number converter would read both as 0 (or null).
 */
const number = {
  fromAttribute: (value: string | null) => (value?.trim() ? Number(value) : undefined),
};

export class UploaderProperties extends LitElement {
  // Declared here rather than with decorators: the script build has a size budget.
  static override properties: PropertyDeclarations = {
    endpoint: {},
    multiple: { type: Boolean, reflect: true },
    accept: {},
    maxFileSize: { attribute: 'max-file-size', converter: number },
    maxFiles: { attribute: 'max-files', converter: number },
    folder: {},
    tags: {},
    concurrency: { converter: number },
    retryDelay: { attribute: 'retry-delay', converter: number },
    requestTimeout: { attribute: 'request-timeout', converter: number },
    stallTimeout: { attribute: 'stall-timeout', converter: number },
    disabled: { type: Boolean, reflect: true },
    name: { reflect: true },
    required: { type: Boolean, reflect: true },
    credentials: {},
    authHeaders: { attribute: false },
    strings: { attribute: false },
  };

  /** Base URL of the backend (required); it names the public key and upload URL. */
  endpoint = '';

  /** Allows choosing several files; without it the list holds one file. */
  multiple = false;

  /** Accepted types: MIME types, `type/*` wildcards and `.ext` extensions, comma-separated. */
  accept = '';

  /** Largest file size in bytes; none when unset, zero or negative. */
  maxFileSize?: number;

  /** Most files the list may hold; none when unset, zero or negative. */
  maxFiles?: number;

  /** ImageKit folder to upload into. */
  folder = '';

  /** Comma-separated ImageKit tags for every upload. */
  tags = '';

  /** Uploads running at once: a whole number from 1 to 20; 3 when unset. */
  concurrency?: number = 3;

  /** First automatic retry delay in ms, 1000 when unset; it doubles per retry. */
  retryDelay?: number = 1000;

  /** Longest wait for the backend's answer (ms), then a network error; 30 s when unset. */
  requestTimeout?: number = 30_000;

  /** An upload sending and hearing nothing this long (ms) starts again; 60 s when unset. */
  stallTimeout?: number = 60_000;

  /** Disables picking, dropping, pasting and the file buttons. */
  disabled = false;

  /** Form field name; the form gets one entry per saved file holding its `fileId`. */
  name = '';

  /** The form is invalid until at least one file is saved. */
  required = false;

  /** Whether backend requests send cookies: `omit`, `same-origin` or `include`. */
  credentials: RequestCredentials = 'same-origin';

  /** Headers for backend requests, or a function returning them (e.g. a fresh bearer token). */
  authHeaders?: HeadersSource;

  /** Overrides for any user-visible text; see `defaultStrings`. */
  strings: Partial<UploaderStrings> = {};
}
