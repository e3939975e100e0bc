/**
 * The total progress bar and the counts under the drop zone. The text never reads as success
 * while a file has failed.
 * @module
 */

import type { TemplateResult } from 'lit';
import type { Text } from './strings.ts';
import { html } from './template.ts';
import type { UploaderFile } from './types.ts';

/** Share of bytes sent over every file still meant to be saved. */
export function totalPercent(files: readonly UploaderFile[]): number {
  const counted = files.filter((file) => file.state !== 'failed' && file.state !== 'canceled');
  const size = counted.reduce((sum, file) => sum + file.size, 0);
  if (size === 0) return 0;

  const sent = counted.reduce(
    (sum, file) =>
      sum + (file.state === 'done' || file.state === 'saving' ? file.size : file.loaded),
    0,
  );
  return Math.floor((sent / size) * 100);
}

/**
 * While any file is still on its way, what is happening: how many, the total percent, and the
 * failed and canceled so far. Once all have settled, how many were saved of those meant to be.
 */
export function summaryText(files: readonly UploaderFile[], text: Text): string {
  const count = (state: UploaderFile['state']) => files.filter((f) => f.state === state).length;
  const done = count('done');
  const failed = count('failed');
  const canceled = count('canceled');
  const total = files.length - canceled;
  const running = total - done - failed;

  const parts: string[] = [];
  if (running > 0) {
    parts.push(
      text(running === 1 ? 'summaryUploadingOne' : 'summaryUploading', {
        count: running,
        percent: totalPercent(files),
      }),
    );
  } else if (total > 0) {
    // Canceled files are no longer meant to be saved; with nothing else listed, they alone count.
    parts.push(
      failed > 0
        ? text('summaryProgress', { done, total })
        : text(done === 1 ? 'summaryOneDone' : 'summaryAllDone', { done }),
    );
  }
  if (failed > 0) parts.push(text('summaryFailed', { failed }));
  if (canceled > 0) parts.push(text('summaryCanceled', { canceled }));
  return parts.join(' · ');
}

export function renderSummary(files: readonly UploaderFile[], text: Text): TemplateResult {
  const percent = totalPercent(files);
  const failed = files.some((file) => file.state === 'failed');

  return html`
    <div part="summary" class="summary ${failed ? 'has-failed' : ''}">
      <div
        part="total-progress"
        class="bar"
        role="progressbar"
        aria-label=${text('totalProgress')}
        aria-valuemin="0"
        aria-valuemax="100"
        aria-valuenow=${percent}
      >
        <span style="width: ${percent}%"></span>
      </div>
      <span class="summary-text">${summaryText(files, text)}</span>
    </div>
  `;
}
