/**
 * The template of one file in the list: picture, name, size, state, progress and actions.
 * @module
 */

import { nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { cancelIcon, fileIcon, removeIcon, retryIcon } from './icons.ts';
import { formatBytes } from './strings.ts';
import { html } from './template.ts';
import type { UploaderStrings } from './strings.ts';
import type { UploaderFile } from './types.ts';

export interface FileRowContext {
  text(key: keyof UploaderStrings, values?: Record<string, string | number>): string;
  preview: string | undefined;
  canCancel: boolean;
  canRetry: boolean;
  disabled: boolean;
  maxFileSize?: number;
  maxFiles?: number;
  onCancel(id: string): void;
  onRetry(id: string): void;
  onRemove(id: string): void;
}

export function percentOf(file: UploaderFile): number {
  if (file.state === 'done' || file.state === 'saving') return 100;
  return file.size > 0 ? Math.floor((file.loaded / file.size) * 100) : 0;
}

function stateText(file: UploaderFile, ctx: FileRowContext): string {
  if (file.waitingForNetwork) return ctx.text('waitingForNetwork');
  if (file.retrying) return ctx.text('retrying');
  if (file.state === 'failed' && file.error) {
    return ctx.text(`error_${file.error.code}`, {
      size: formatBytes(ctx.maxFileSize ?? 0),
      count: ctx.maxFiles ?? 0,
    });
  }
  return ctx.text(`state_${file.state}`, { percent: percentOf(file) });
}

export function renderFileRow(file: UploaderFile, ctx: FileRowContext): TemplateResult {
  const percent = percentOf(file);
  // A saved file says so in words; its full bar would only add noise.
  const showBar = file.state !== 'failed' && file.state !== 'canceled' && file.state !== 'done';

  return html`
    <li part="file file-${file.state}" class="file" data-state=${file.state} data-id=${file.id}>
      ${
        ctx.preview
          ? html`<img part="thumbnail" class="thumbnail" src=${ctx.preview} alt="" />`
          : html`<span part="thumbnail" class="thumbnail">${fileIcon}</span>`
      }
      <div class="meta">
        <span part="file-name" class="name" title=${file.name}>${file.name}</span>
        <span class="detail">
          ${formatBytes(file.size)} ·
          <span part="file-state" class="state ${file.state === 'failed' ? 'error' : ''}"
            >${stateText(file, ctx)}</span
          >
        </span>
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
        ${
          ctx.canCancel
            ? html`<button
                part="action-button cancel-button"
                class="icon-button"
                type="button"
                aria-label=${ctx.text('cancel', { name: file.name })}
                title=${ctx.text('cancel', { name: file.name })}
                @click=${() => ctx.onCancel(file.id)}
              >
                ${cancelIcon}
              </button>`
            : nothing
        }
        ${
          ctx.canRetry
            ? html`<button
                part="action-button retry-button"
                class="icon-button"
                type="button"
                ?disabled=${ctx.disabled}
                aria-label=${ctx.text('retry', { name: file.name })}
                title=${ctx.text('retry', { name: file.name })}
                @click=${() => ctx.onRetry(file.id)}
              >
                ${retryIcon}
              </button>`
            : nothing
        }
        ${
          ctx.canCancel
            ? nothing
            : html`<button
                part="action-button remove-button"
                class="icon-button"
                type="button"
                ?disabled=${ctx.disabled || file.state === 'saving'}
                aria-label=${ctx.text('remove', { name: file.name })}
                title=${ctx.text('remove', { name: file.name })}
                @click=${() => ctx.onRemove(file.id)}
              >
                ${removeIcon}
              </button>`
        }
      </div>
    </li>
  `;
}
