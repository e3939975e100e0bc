/**
 * Files arriving by drag and drop or paste. The drop zone takes dropped files; anywhere else on
 * the element, and while it is disabled, a drop is refused rather than left to the browser,
 * which would open the file in place of the page.
 * @module
 */

import type { ReactiveControllerHost } from 'lit';
import { filesOf } from './file-input.ts';

export interface DropHost extends ReactiveControllerHost, HTMLElement {
  /** False while disabled or misconfigured. */
  readonly accepting: boolean;
  addFiles(files: File[]): unknown;
}

const carriesFiles = (event: DragEvent) => Boolean(event.dataTransfer?.types.includes('Files'));

/** Listens on the host for its whole life: listeners on an element die with it. */
export class DropTarget {
  /** Files are being dragged over the drop zone. */
  dragging = false;

  readonly #host: DropHost;

  constructor(host: DropHost) {
    this.#host = host;
    host.addEventListener('paste', this.#onPaste);
    host.addEventListener('dragover', this.#refuse);
    host.addEventListener('drop', this.#refuse);
  }

  /** For the drop zone's dragenter and dragover. */
  readonly onDragOver = (event: DragEvent): void => {
    if (!carriesFiles(event) || !this.#host.accepting) return;

    event.preventDefault();
    event.dataTransfer!.dropEffect = 'copy';
    this.#setDragging(true);
  };

  readonly onDragLeave = (event: DragEvent): void => {
    const to = event.relatedTarget as Node | null;
    if (!to || !(event.currentTarget as Node).contains(to)) this.#setDragging(false);
  };

  readonly onDrop = (event: DragEvent): void => {
    event.preventDefault();
    this.#setDragging(false);
    if (this.#host.accepting) this.#host.addFiles(filesOf(event.dataTransfer));
  };

  /** On the host, after the drop zone had its turn: what it did not take goes nowhere. */
  readonly #refuse = (event: DragEvent): void => {
    if (event.defaultPrevented || !carriesFiles(event)) return;

    event.preventDefault();
    event.dataTransfer!.dropEffect = 'none';
  };

  readonly #onPaste = (event: ClipboardEvent): void => {
    const files = filesOf(event.clipboardData);
    if (files.length === 0 || !this.#host.accepting) return;

    event.preventDefault();
    this.#host.addFiles(files);
  };

  #setDragging(dragging: boolean): void {
    if (this.dragging === dragging) return;
    this.dragging = dragging;
    this.#host.requestUpdate();
  }
}
