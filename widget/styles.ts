/**
 * The element's shadow styles. Every themable value is an `--iku-` custom property with its
 * default on :host; dark defaults come from `prefers-color-scheme`. In dark mode the element
 * brings its own surface: its light text would fail contrast on a page that stays light.
 * @module
 */

import { css } from 'lit';

export const uploaderStyles = css`
  :host {
    --iku-font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
    --iku-font-size: 0.9375rem;
    --iku-radius: 12px;
    --iku-gap: 0.75rem;
    --iku-color-text: #1f2430;
    --iku-color-muted: #5f6776;
    --iku-color-surface: #fff;
    --iku-color-surface-alt: #f5f7fb;
    --iku-color-border: #d5dae3;
    --iku-color-accent: #3b5bdb;
    --iku-color-success: #1f7a4d;
    --iku-color-danger: #c0262d;
    --iku-color-focus: #3b5bdb;
    --iku-dropzone-background: var(--iku-color-surface-alt);
    --iku-dropzone-active-background: #e7ecfd;
    --iku-thumbnail-size: 48px;
    --iku-progress-height: 6px;
    --iku-background: transparent;

    display: block;
    border-radius: var(--iku-radius);
    background: var(--iku-background);
    font-family: var(--iku-font-family);
    font-size: var(--iku-font-size);
    color: var(--iku-color-text);
  }

  @media (prefers-color-scheme: dark) {
    :host {
      --iku-color-text: #e8ebf2;
      --iku-color-muted: #a3abbb;
      --iku-color-surface: #1b1f29;
      --iku-color-surface-alt: #232836;
      --iku-color-border: #3a4150;
      --iku-color-accent: #8ea6ff;
      --iku-color-success: #5fd39a;
      --iku-color-danger: #ff8a8f;
      --iku-color-focus: #8ea6ff;
      --iku-dropzone-active-background: #2c3550;
      --iku-background: var(--iku-color-surface);
    }
  }

  :host([hidden]) {
    display: none;
  }

  * {
    box-sizing: border-box;
  }

  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }

  button:focus-visible {
    outline: 3px solid var(--iku-color-focus);
    outline-offset: 2px;
  }

  .config-error {
    margin: 0 0 var(--iku-gap);
    padding: 0.75rem 1rem;
    border-radius: var(--iku-radius);
    border: 1px solid var(--iku-color-danger);
    color: var(--iku-color-danger);
  }

  .dropzone {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 0.35rem;
    width: 100%;
    padding: 1.75rem 1rem;
    border: 2px dashed var(--iku-color-border);
    border-radius: var(--iku-radius);
    background: var(--iku-dropzone-background);
    color: inherit;
    font: inherit;
    cursor: pointer;
    transition:
      border-color 0.15s,
      background-color 0.15s;
  }

  .dropzone:hover,
  .dropzone.dragging {
    border-color: var(--iku-color-accent);
  }

  .dropzone.dragging {
    background: var(--iku-dropzone-active-background);
  }

  .dropzone:disabled {
    cursor: not-allowed;
    opacity: 0.55;
  }

  .dropzone svg {
    width: 2.25rem;
    height: 2.25rem;
    color: var(--iku-color-accent);
  }

  .dropzone .label {
    font-weight: 600;
  }

  .dropzone .hint {
    color: var(--iku-color-muted);
    font-size: 0.85em;
  }

  .summary {
    display: grid;
    gap: 0.35rem;
    margin-top: var(--iku-gap);
    color: var(--iku-color-muted);
    font-size: 0.875em;
  }

  .summary.has-failed .summary-text {
    color: var(--iku-color-danger);
  }

  .bar {
    height: var(--iku-progress-height);
    border-radius: 999px;
    background: var(--iku-color-border);
    overflow: hidden;
  }

  /* No transition on the fill: Chromium's document timeline holds a running CSS transition,
     and through it the whole detached list, long after the rows are removed. */
  .bar > span {
    display: block;
    height: 100%;
    background: var(--iku-color-accent);
  }

  ul {
    display: grid;
    gap: 0.5rem;
    margin: var(--iku-gap) 0 0;
    padding: 0;
    list-style: none;
  }

  .file {
    display: grid;
    grid-template-columns: var(--iku-thumbnail-size) 1fr auto;
    align-items: center;
    gap: var(--iku-gap);
    padding: 0.6rem 0.75rem;
    border: 1px solid var(--iku-color-border);
    border-radius: var(--iku-radius);
    background: var(--iku-color-surface);
  }

  .thumbnail {
    width: var(--iku-thumbnail-size);
    height: var(--iku-thumbnail-size);
    border-radius: calc(var(--iku-radius) / 2);
    object-fit: cover;
    background: var(--iku-color-surface-alt);
    display: grid;
    place-items: center;
    color: var(--iku-color-muted);
  }

  .thumbnail svg {
    width: 1.5rem;
    height: 1.5rem;
  }

  .meta {
    display: grid;
    gap: 0.25rem;
    min-width: 0;
  }

  .name {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    font-weight: 500;
  }

  .detail {
    color: var(--iku-color-muted);
    font-size: 0.85em;
  }

  .file[data-state='done'] .state {
    color: var(--iku-color-success);
  }

  .file[data-state='failed'] .state {
    color: var(--iku-color-danger);
  }

  .file[data-state='failed'] {
    border-color: var(--iku-color-danger);
  }

  .actions {
    display: flex;
    gap: 0.25rem;
  }

  .icon-button {
    display: inline-grid;
    place-items: center;
    width: 2rem;
    height: 2rem;
    padding: 0;
    border: 1px solid transparent;
    border-radius: 999px;
    background: transparent;
    color: var(--iku-color-muted);
    cursor: pointer;
  }

  .icon-button:hover {
    background: var(--iku-color-surface-alt);
    color: var(--iku-color-text);
  }

  .icon-button svg {
    width: 1.1rem;
    height: 1.1rem;
  }

  @media (prefers-reduced-motion: reduce) {
    .dropzone {
      transition: none;
    }
  }
`;
