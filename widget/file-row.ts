/**
 * The template of one file in the list: picture, name, size, state, progress and actions.
 * @module
 */

import { nothing } from 'lit';
import type { SVGTemplateResult, TemplateResult } from 'lit';
import { endpointUrl } from './config.ts';
import { cancelIcon, fileIcon, removeIcon, retryIcon } from './icons.ts';
import { isValidationCode } from './queue-entry.ts';
import { formatBytes } from './strings.ts';
import { html } from './template.ts';
import type { Text } from './strings.ts';
import type { UploaderFile } from './types.ts';

export interface FileRowContext {
  text: Text;
  /** The element's `endpoint`, to word a failure to reach it. */
  endpoint: string;
  preview: string | undefined;
  canCancel: boolean;
  canRetry: boolean;
  disabled: boolean;
  onAction(action: FileAction, id: string): void;
}

export type FileAction = 'cancel' | 'retry' | 'remove';

export function percentOf(file: UploaderFile): number {
  if (file.state === 'done' || file.state === 'saving') return 100;
  return file.size > 0 ? Math.floor((file.loaded / file.size) * 100) : 0;
}

/** What a file's row says of its state; for a failure, what failed. */
export function stateText(file: UploaderFile, text: Text): string {
  if (file.waitingForNetwork) return text('waitingForNetwork');
  if (file.retrying) return text('retrying');
  const { error } = file;
  if (file.state === 'failed' && error) {
    // A refusal's message is already the text of the table, with the limit filled in.
    return isValidationCode(error.code) ? error.message : text(`error_${error.code}`);
  }
  return text(`state_${file.state}`, { percent: percentOf(file) });
}

/** The line under a failure: what the server said, or why the backend may be out of reach. */
function failureNote(file: UploaderFile, ctx: FileRowContext): string | undefined {
  const { error } = file;
  if (error?.unreachable) {
    // Only a backend on another origin can refuse the page (CORS, ALLOWED_ORIGINS).
    return ctx.text(
      endpointUrl(ctx.endpoint)?.origin === location.origin
        ? 'backendUnreachableSameOrigin'
        : 'backendUnreachable',
    );
  }
  return error?.fromServer ? error.message : undefined;
}

function actionButton(
  file: UploaderFile,
  ctx: FileRowContext,
  action: FileAction,
  icon: SVGTemplateResult,
  disabled: boolean,
): TemplateResult {
  const label = ctx.text(action, { name: file.name });
  return html`
    <button
      part="action-button ${action}-button"
      class="icon-button"
      type="button"
      ?disabled=${disabled}
      aria-label=${label}
      title=${label}
      @click=${() => ctx.onAction(action, file.id)}
    >
      ${icon}
    </button>
  `;
}

export function renderFileRow(file: UploaderFile, ctx: FileRowContext): TemplateResult {
  const { preview } = ctx;
  const percent = percentOf(file);
  const note = failureNote(file, ctx);
  // A saved file says so in words; its full bar would only add noise.
  const showBar = file.state !== 'failed' && file.state !== 'canceled' && file.state !== 'done';

  return html`
    <li part="file file-${file.state}" class="file" data-state=${file.state} data-id=${file.id}>
      ${
        preview
          ? html`<img part="thumbnail" class="thumbnail" src=${preview} alt="" />`
          : html`<span part="thumbnail" class="thumbnail">${fileIcon}</span>`
      }
      <div class="meta">
        <span part="file-name" class="name" title=${file.name}>${file.name}</span>
        <span class="detail">
          ${formatBytes(file.size, ctx.text)} ·
          <span part="file-state" class="state">${stateText(file, ctx.text)}</span>
        </span>
        ${note ? html`<span part="file-message" class="detail">${note}</span>` : nothing}
        ${
          showBar
            ? html`<div
                part="file-progress"
                class="bar"
                role="progressbar"
                aria-label=${ctx.text('fileProgress', { name: file.name })}
                aria-valuemin="0"
                aria-valuemax="100"
                aria-valuenow=${percent}
              >
                <span style="width: ${percent}%"></span>
              </div>`
            : nothing
        }
      </div>
      <div part="actions" class="actions">
        ${ctx.canCancel ? actionButton(file, ctx, 'cancel', cancelIcon, false) : nothing}
        ${ctx.canRetry ? actionButton(file, ctx, 'retry', retryIcon, ctx.disabled) : nothing}
        ${
          ctx.canCancel
            ? nothing
            : actionButton(file, ctx, 'remove', removeIcon, ctx.disabled || file.state === 'saving')
        }
      </div>
    </li>
  `;
}
