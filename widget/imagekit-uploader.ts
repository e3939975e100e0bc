import type { PropertyValues } from 'lit';
import { nextFrame } from './browser-waits.ts';
import { configMessage, warnOnce } from './config.ts';
import { DropTarget } from './drop-target.ts';
import { QueueError } from './errors.ts';
import { createUploaderEvent } from './events.ts';
import { stateText } from './file-row.ts';
import type { FileRowContext } from './file-row.ts';
import { syncFormState } from './form-state.ts';
import { LiveAnnouncer, addedMessage } from './live-announcer.ts';
import { PreviewUrls } from './previews.ts';
import { totalPercent } from './summary.ts';
import { defaultStrings, format, formatBytes } from './strings.ts';
import type { UploaderStrings } from './strings.ts';
import { uploaderStyles } from './styles.ts';
import type { FileRow, UploaderFile } from './types.ts';
import { canCancel, canRetry } from './upload-queue.ts';
import type { QueueCounts } from './upload-queue.ts';
import { createQueue } from './uploader-queue.ts';
import { UploaderProperties } from './uploader-properties.ts';
import { renderUploader } from './uploader-view.ts';
import { looksLikeMedia, requiredContent, validateFiles } from './validate.ts';
import type { ValidationCode } from './validate.ts';

/**
 * A drop zone and file list that uploads straight from the browser to ImageKit, with auth params
 * and saved records from the site's backend.
 *
 * @summary Direct-to-ImageKit uploader: pick, drop or paste files; progress, retries, form value.
 *
 * @fires {CustomEvent<UploadStateDetail>} iku-upload-state - A file entered a state (`queued`,
 *   `authorizing`, `uploading`, `saving`, `done`, `failed`, `canceled`); `previous` is the state it
 *   left, null for a file just listed.
 * @fires {CustomEvent<UploadStartDetail>} iku-upload-start - An upload attempt of one file began
 *   (again on each retry).
 * @fires {CustomEvent<UploadProgressDetail>} iku-upload-progress - Bytes of one file were sent.
 * @fires {CustomEvent<UploadSuccessDetail>} iku-upload-success - A file was uploaded and its row
 *   saved by the backend.
 * @fires {CustomEvent<UploadErrorDetail>} iku-upload-error - A file was refused or failed for good;
 *   `code` says why.
 * @fires {CustomEvent<UploadCancelDetail>} iku-upload-cancel - The user canceled a file.
 * @fires {CustomEvent<QueueCompleteDetail>} iku-queue-complete - Nothing is left to upload; counts
 *   of done, failed, canceled. Not fired when every file worked on was removed.
 *
 * @csspart config-error - The message shown when `endpoint` is missing or invalid.
 * @csspart dropzone - The button that opens the picker and receives drops.
 * @csspart summary - The total progress bar and the counts.
 * @csspart total-progress - The total progress bar.
 * @csspart file-list - The list of files.
 * @csspart file - One file row; also `file-<state>` (e.g. `file-failed`).
 * @csspart thumbnail - The picture of a file.
 * @csspart file-name - The name of a file.
 * @csspart file-state - The state text of a file.
 * @csspart file-message - What the server said about a failure, or why the backend may be out of
 *   reach.
 * @csspart file-progress - The progress bar of a file.
 * @csspart actions - The buttons of a file.
 * @csspart action-button - Every file button; also `cancel-button`, `retry-button`,
 *   `remove-button`.
 *
 * @cssprop [--iku-font-family=system-ui, sans-serif] - Font of every text.
 * @cssprop [--iku-font-size=0.9375rem] - Base font size.
 * @cssprop [--iku-radius=12px] - Corner radius of the drop zone and rows.
 * @cssprop [--iku-gap=0.75rem] - Space between parts.
 * @cssprop [--iku-color-text=#1f2430] - Text color.
 * @cssprop [--iku-color-muted=#5f6776] - Secondary text and icons.
 * @cssprop [--iku-color-surface=#ffffff] - Row background.
 * @cssprop [--iku-color-surface-alt=#f5f7fb] - Thumbnail and hover background.
 * @cssprop [--iku-color-border=#d5dae3] - Borders and empty bars.
 * @cssprop [--iku-color-accent=#3b5bdb] - Icon, hover border and progress color.
 * @cssprop [--iku-color-success=#1f7a4d] - Saved state.
 * @cssprop [--iku-color-danger=#c0262d] - Failed state and errors.
 * @cssprop [--iku-color-focus=#3b5bdb] - Focus ring.
 * @cssprop [--iku-background=transparent] - Behind the whole element; the surface color in dark
 *   mode, so its light text never sits on a light page.
 * @cssprop [--iku-dropzone-background=var(--iku-color-surface-alt)] - Drop zone background.
 * @cssprop [--iku-dropzone-active-background=#e7ecfd] - Drop zone background while dragging.
 * @cssprop [--iku-thumbnail-size=48px] - Edge of the file picture.
 * @cssprop [--iku-progress-height=6px] - Height of the progress bars.
 */
export class ImageKitUploader extends UploaderProperties {
  static override styles = uploaderStyles;
  static override shadowRootOptions = {
    ...UploaderProperties.shadowRootOptions,
    delegatesFocus: true,
  };
  static formAssociated = true;

  #formDisabled = false;

  readonly #internals = this.attachInternals();
  readonly #previews = new PreviewUrls(() => this.requestUpdate());
  readonly #drop = new DropTarget(this);
  readonly #announcer = new LiveAnnouncer(() => this.requestUpdate());
  readonly #queue = createQueue(this, {
    onComplete: (counts) => this.#complete(counts),
    onChange: () => {
      // The form sees every change at once; the picture can wait for the next frame.
      this.#syncForm();
      this.requestUpdate();
    },
  });

  /** Every file in the list, as read-only snapshots. */
  get files(): UploaderFile[] {
    return this.#queue.files;
  }

  /** The saved rows, in list order; what the form submits. */
  get value(): FileRow[] {
    return this.#queue.files.flatMap((file) => (file.row ? [file.row] : []));
  }

  /** The form this element belongs to. */
  get form(): HTMLFormElement | null {
    return this.#internals.form;
  }

  get validity(): ValidityState {
    return this.#internals.validity;
  }

  get validationMessage(): string {
    return this.#internals.validationMessage;
  }

  /** False while disabled (itself or by its form) or misconfigured. */
  get accepting(): boolean {
    return !this.#isDisabled && !this.#configProblem;
  }

  checkValidity(): boolean {
    return this.#internals.checkValidity();
  }

  reportValidity(): boolean {
    return this.#internals.reportValidity();
  }

  /** Opens the file picker. */
  openPicker(): void {
    if (this.accepting) this.renderRoot?.querySelector('input')?.click();
  }

  /**
   * Validates files and queues those that pass; refused ones are listed with the reason, in the
   * order given. Returns the queued files.
   */
  addFiles(files: Iterable<File>): UploaderFile[] {
    if (!this.accepting) return [];

    const list = [...files];
    const kept = this.#queue.files.filter((f) => f.state !== 'failed' && f.state !== 'canceled');
    const maxFiles = this.#fileLimit;
    const values = { size: formatBytes(this.maxFileSize ?? 0, this.#text), count: maxFiles ?? 0 };
    const refusals = validateFiles(
      list,
      { accept: this.accept, maxFileSize: this.maxFileSize, maxFiles },
      kept.length,
    ).map((code) => code && this.#refusal(code, this.#text(`error_${code}`, values)));

    // A name and type can lie: a file let in as an image (or video) must start like one.
    const content = (file: File) => requiredContent(file, this.accept);
    const listed = this.#queue.add(
      list,
      refusals,
      list.some(content)
        ? async (file) => {
            const media = content(file);
            return media && !(await looksLikeMedia(file))
              ? this.#refusal(
                  'file-type-not-accepted',
                  this.#text(media === 'image' ? 'contentNotImage' : 'contentNotMedia'),
                )
              : undefined;
          }
        : undefined,
    );

    const queued = listed.filter((file) => !file.error);
    const refused = listed.filter((file) => file.error);
    this.#announceAdded(queued, refused);
    return queued;
  }

  /** Cancels one file that is waiting or uploading. */
  cancelFile(id: string): void {
    this.#keepingFocus(() => this.#queue.cancel(id));
  }

  /** Retries a failed or canceled file: the save alone when the upload already succeeded. */
  retryFile(id: string): void {
    if (!this.#isDisabled) this.#keepingFocus(() => this.#queue.retry(id));
  }

  /** Removes one file from the list (canceling it first if needed). */
  removeFile(id: string): void {
    this.#keepingFocus(() => this.#queue.remove(id));
    this.#previews.revoke(id);
  }

  /** Empties the list, canceling anything in flight. */
  clear(): void {
    this.#queue.clear();
    this.#previews.revokeAll();
    // What the live region said was about the files just cleared.
    this.#announcer.finish('');
  }

  formResetCallback(): void {
    this.clear();
  }

  formDisabledCallback(disabled: boolean): void {
    this.#formDisabled = disabled;
    this.requestUpdate();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Back on a page: previews were revoked and progress reports paused when it left.
    this.requestUpdate();
    if (this.#queue.busy) this.#announcer.resume();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#previews.revokeAll();
    this.#announcer.stop();
  }

  /** Progress arrives many times a frame; one render per frame is all anyone can see. */
  protected override async scheduleUpdate(): Promise<void> {
    await nextFrame();
    super.scheduleUpdate();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('concurrency')) this.#queue.refresh();
    if (changed.has('endpoint') && this.#configProblem) {
      warnOnce(this, `<imagekit-uploader>: ${this.#configProblem}`);
    }
  }

  protected override updated(): void {
    this.#syncForm();
  }

  protected override render() {
    // ImageKit's thumbnails wait until nothing is uploading, so they never compete with uploads.
    const settled = !this.#queue.busy;
    const row = (file: UploaderFile): FileRowContext => ({
      text: this.#text,
      endpoint: this.endpoint,
      preview: this.isConnected
        ? this.#previews.for(file, this.#queue.source(file.id), settled)
        : undefined,
      canCancel: canCancel(file),
      canRetry: canRetry(file),
      disabled: this.#isDisabled,
      onAction: (action, id) =>
        action === 'cancel'
          ? this.cancelFile(id)
          : action === 'retry'
            ? this.retryFile(id)
            : this.removeFile(id),
    });

    return renderUploader({
      settings: this,
      text: this.#text,
      problem: this.#configProblem,
      disabled: !this.accepting,
      files: this.#queue.files,
      drop: this.#drop,
      announcement: this.#announcer.text,
      row,
      onPick: () => this.openPicker(),
      onInput: this.#onInputChange,
    });
  }

  get #dropzone(): HTMLButtonElement | null | undefined {
    return this.renderRoot?.querySelector<HTMLButtonElement>('.dropzone');
  }

  get #isDisabled(): boolean {
    return this.disabled || this.#formDisabled;
  }

  /** The limit validation applies: without `multiple` the list holds one file. */
  get #fileLimit(): number | undefined {
    return this.multiple ? this.maxFiles : 1;
  }

  #refusal(code: ValidationCode, message: string): QueueError {
    return new QueueError(code, message, { retryable: false });
  }

  get #configProblem(): string | null {
    return configMessage(this.endpoint, this.#text);
  }

  readonly #text = (key: keyof UploaderStrings, values?: Record<string, string | number>): string =>
    format(this.strings[key] ?? defaultStrings[key], values);

  #announceAdded(accepted: UploaderFile[], refused: UploaderFile[]): void {
    const message = addedMessage(this.#text, accepted, refused);
    if (accepted.length === 0) {
      if (message) this.#announcer.say(message);
      return;
    }
    this.#announcer.start(
      message,
      (percent) => this.#text('announceProgress', { percent }),
      () => totalPercent(this.#queue.files),
    );
  }

  #complete(counts: QueueCounts): void {
    // A lone failure is named, with what failed; several are left to the list.
    const failed = this.#queue.files.filter((file) => file.state === 'failed');
    const [one] = failed;
    const reason = one && stateText(one, this.#text);
    const named =
      failed.length === 1 ? `. ${this.#text('announceFailedOne', { name: one.name, reason })}` : '';
    this.#announcer.finish(this.#text('announceComplete', { ...counts }) + named);
    this.dispatchEvent(createUploaderEvent('iku-queue-complete', { ...counts, rows: this.value }));
  }

  /** A row button that vanished with `change` took focus along; hand it to the drop zone. */
  #keepingFocus(change: () => void): void {
    const hadFocus = Boolean(this.shadowRoot?.activeElement);
    change();
    void this.updateComplete.then(() => {
      if (hadFocus && !this.shadowRoot?.activeElement) this.#dropzone?.focus();
    });
  }

  /** Hands the form the saved files and the validity; the queue calls it before any event. */
  #syncForm(): void {
    syncFormState(this.#internals, {
      name: this.name,
      rows: this.value,
      busy: this.#queue.busy,
      required: this.required,
      uploadingMessage: this.#text('validityUploading'),
      requiredMessage: this.#text('validityRequired'),
      anchor: this.#dropzone ?? undefined,
    });
  }

  readonly #onInputChange = (event: Event): void => {
    const input = event.target as HTMLInputElement;
    if (input.files) this.addFiles([...input.files]);
    // Choosing the same file again must fire `change` again.
    input.value = '';
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'imagekit-uploader': ImageKitUploader;
  }
}
