/**
 * The element's shadow content: the configuration error, the drop zone with its hidden file
 * input, the summary, the file list and the live region.
 * @module
 */

import { nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { DropTarget } from './drop-target.ts';
import { renderFileRow } from './file-row.ts';
import type { FileRowContext } from './file-row.ts';
import { uploadIcon } from './icons.ts';
import { defaultStrings, formatBytes } from './strings.ts';
import type { Text, UploaderStrings } from './strings.ts';
import { renderSummary } from './summary.ts';
import { html } from './template.ts';
import type { UploaderFile } from './types.ts';
import type { UploaderProperties } from './uploader-properties.ts';
import { parseAccept } from './validate.ts';

type StringKey = keyof UploaderStrings;

export interface UploaderView {
  settings: Pick<UploaderProperties, 'multiple' | 'accept' | 'maxFileSize' | 'maxFiles'>;
  text: Text;
  /** The configuration error to show, if any. */
  problem: string | null;
  /** Picking and dropping are off (disabled, or misconfigured). */
  disabled: boolean;
  files: UploaderFile[];
  drop: DropTarget;
  announcement: string;
  row(file: UploaderFile): FileRowContext;
  onPick(): void;
  onInput(event: Event): void;
}

/** One accept token in words: `image/*` as "images", `.jpg` as "JPG", `image/svg+xml` as "SVG". */
function typeName(token: string, text: Text): string {
  if (token[0] === '.') return token.slice(1).toUpperCase();

  const [kind, subtype] = token.split('/');
  const kindKey = `accept_${kind}`;
  if (subtype === '*') return kindKey in defaultStrings ? text(kindKey as StringKey) : token;
  return subtype?.replace(/^(x-|vnd\.)|\+.*/g, '').toUpperCase() || token;
}

function acceptHint(view: UploaderView): string {
  const { text } = view;
  const { accept, maxFileSize, maxFiles, multiple } = view.settings;
  const tokens = parseAccept(accept);
  const names = [...new Set(tokens.map((token) => typeName(token, text)))];
  const last = names.pop();

  const parts = [
    !last || tokens.some((token) => token === '*' || token === '*/*')
      ? text('acceptAny')
      : names.length > 0
        ? text('acceptAnd', { list: names.join(', '), last })
        : last,
  ];
  if (maxFileSize! > 0) parts.push(text('maxSize', { size: formatBytes(maxFileSize!, text) }));
  if (multiple && maxFiles! > 0) parts.push(text('maxFiles', { count: maxFiles! }));

  const hint = parts.join(', ');
  return hint.charAt(0).toUpperCase() + hint.slice(1);
}

function dropzoneLabel(view: UploaderView): string {
  if (view.drop.dragging) return view.text('dropzoneActive');
  return view.text(view.settings.multiple ? 'dropzoneLabel' : 'dropzoneLabelSingle');
}

export function renderUploader(view: UploaderView): TemplateResult {
  const { files, drop, settings } = view;

  // The button is named by its label alone; the hint, hidden from its name, is its description.
  return html`
    ${
      view.problem
        ? html`<p part="config-error" class="config-error" role="alert">${view.problem}</p>`
        : nothing
    }
    <button
      part="dropzone"
      class="dropzone ${drop.dragging ? 'dragging' : ''}"
      type="button"
      ?disabled=${view.disabled}
      aria-describedby="hint"
      @click=${view.onPick}
      @dragenter=${drop.onDragOver}
      @dragover=${drop.onDragOver}
      @dragleave=${drop.onDragLeave}
      @drop=${drop.onDrop}
    >
      ${uploadIcon}
      <span class="label">${dropzoneLabel(view)}</span>
      <span class="hint" id="hint" aria-hidden="true">${acceptHint(view)}</span>
    </button>
    <input
      type="file"
      hidden
      tabindex="-1"
      ?multiple=${settings.multiple}
      accept=${settings.accept || nothing}
      @change=${view.onInput}
    />
    ${files.length > 0 ? renderSummary(files, view.text) : nothing}
    ${
      files.length > 0
        ? html`<ul part="file-list" aria-label=${view.text('listLabel')}>
            ${files.map((file) => renderFileRow(file, view.row(file)))}
          </ul>`
        : nothing
    }
    <div class="visually-hidden" role="status" aria-live="polite">${view.announcement}</div>
  `;
}
