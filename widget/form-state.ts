/**
 * The element's part in its form, through ElementInternals: one entry per saved file, and
 * validity that blocks submission while files are still on their way.
 * @module
 */

import type { FileRow } from './types.ts';

export interface FormState {
  name: string;
  rows: FileRow[];
  busy: boolean;
  required: boolean;
  uploadingMessage: string;
  requiredMessage: string;
  anchor: HTMLElement | undefined;
}

export function syncFormState(internals: ElementInternals, state: FormState): void {
  if (state.name && state.rows.length > 0) {
    const data = new FormData();
    for (const row of state.rows) data.append(state.name, row.fileId);
    internals.setFormValue(data);
  } else {
    internals.setFormValue(null);
  }

  if (state.busy) {
    internals.setValidity({ customError: true }, state.uploadingMessage, state.anchor);
  } else if (state.required && state.rows.length === 0) {
    internals.setValidity({ valueMissing: true }, state.requiredMessage, state.anchor);
  } else {
    internals.setValidity({});
  }
}
