import { LitElement, nothing } from 'lit';
import type { PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { BackendClient, MAX_AUTH_BATCH } from './backend-client.ts';
import type { HeadersSource } from './backend-client.ts';
import { abortableSleep, nextFrame, waitForOnline } from './browser-waits.ts';
import { endpointProblem, warnOnce } from './config.ts';
import { createUploaderEvent } from './events.ts';
import type { UploaderEventDetails, UploaderEventName } from './events.ts';
import { renderFileRow } from './file-row.ts';
import { syncFormState } from './form-state.ts';
import { uploadIcon } from './icons.ts';
import { LiveAnnouncer } from './live-announcer.ts';
import { PreviewUrls } from './previews.ts';
import { filesOf } from './file-input.ts';
import { renderSummary, totalPercent } from './summary.ts';
import { html } from './template.ts';
import { defaultStrings, format, formatBytes } from './strings.ts';
import type { UploaderStrings } from './strings.ts';
import { uploaderStyles } from './styles.ts';
import { uploadFile } from './transport.ts';
import type { FileRow, UploaderFile } from './types.ts';
import { UploadQueue, canCancel, canRetry } from './upload-queue.ts';
import type { QueueCounts } from './upload-queue.ts';
import { validateFiles } from './validate.ts';

/**
 * A drop zone and file list that uploads straight from the browser to ImageKit, with auth params
 * and saved records from the site's backend.
 *
 * @summary Direct-to-ImageKit uploader: pick, drop or paste files; progress, retries, form value.
 *
 * @fires {CustomEvent<UploadStartDetail>} iku-upload-start - An upload attempt of one file began (again on each retry).
 * @fires {CustomEvent<UploadProgressDetail>} iku-upload-progress - Bytes of one file were sent.
 * @fires {CustomEvent<UploadSuccessDetail>} iku-upload-success - A file was uploaded and its row saved by the backend.
 * @fires {CustomEvent<UploadErrorDetail>} iku-upload-error - A file was refused or failed for good; `code` says why.
 * @fires {CustomEvent<UploadCancelDetail>} iku-upload-cancel - The user canceled a file.
 * @fires {CustomEvent<QueueCompleteDetail>} iku-queue-complete - Nothing is left to upload; counts of done, failed, canceled.
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
 * @csspart file-progress - The progress bar of a file.
 * @csspart actions - The buttons of a file.
 * @csspart action-button - Every file button; also `cancel-button`, `retry-button`, `remove-button`.
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
 * @cssprop [--iku-background=transparent] - Behind the whole element; the surface color in dark mode, so its light text never sits on a light page.
 * @cssprop [--iku-dropzone-background=var(--iku-color-surface-alt)] - Drop zone background.
 * @cssprop [--iku-dropzone-active-background=#e7ecfd] - Drop zone background while dragging.
 * @cssprop [--iku-thumbnail-size=48px] - Edge of the file picture.
 * @cssprop [--iku-progress-height=6px] - Height of the progress bars.
 */
export class ImageKitUploader extends LitElement {
  static override styles = uploaderStyles;
  static override shadowRootOptions = { ...LitElement.shadowRootOptions, delegatesFocus: true };
  static formAssociated = true;

  /** Base URL of the backend (required); it names the public key and upload URL. */
  @property() endpoint = '';

  /** Allows choosing several files; without it the list holds one file. */
  @property({ type: Boolean, reflect: true }) multiple = false;

  /** Accepted types: MIME types, `type/*` wildcards and `.ext` extensions, comma-separated. */
  @property() accept = '';

  /** Largest file size in bytes. */
  @property({ attribute: 'max-file-size', type: Number }) maxFileSize?: number;

  /** Most files the list may hold. */
  @property({ attribute: 'max-files', type: Number }) maxFiles?: number;

  /** ImageKit folder to upload into. */
  @property() folder = '';

  /** Comma-separated ImageKit tags for every upload. */
  @property() tags = '';

  /** Uploads running at once (1 to 20). */
  @property({ type: Number }) concurrency = 3;

  /** First automatic retry delay in ms; it doubles per retry. */
  @property({ attribute: 'retry-delay', type: Number }) retryDelay = 1000;

  /** Disables picking, dropping, pasting and the file buttons. */
  @property({ type: Boolean, reflect: true }) disabled = false;

  /** Form field name; the form gets one entry per saved file holding its `fileId`. */
  @property({ reflect: true }) name = '';

  /** The form is invalid until at least one file is saved. */
  @property({ type: Boolean, reflect: true }) required = false;

  /** Whether backend requests send cookies: `omit`, `same-origin` or `include`. */
  @property() credentials: RequestCredentials = 'same-origin';

  /** Headers for backend requests, or a function returning them (e.g. a fresh bearer token). */
  @property({ attribute: false }) authHeaders?: HeadersSource;

  /** Overrides for any user-visible text; see `defaultStrings`. */
  @property({ attribute: false }) strings: Partial<UploaderStrings> = {};

  @state() private dragging = false;
  @state() private formDisabled = false;

  @query('.dropzone') private dropzone?: HTMLButtonElement;
  @query('input[type=file]') private input?: HTMLInputElement;

  private readonly internals = this.attachInternals();
  private readonly previews = new PreviewUrls();
  private readonly announcer = new LiveAnnouncer(() => this.requestUpdate());
  private readonly queue = new UploadQueue<File>(
    {
      fetchAuthParams: (count) => this.client().fetchAuthParams(count),
      upload: (request) => uploadFile(request, { folder: this.folder, tags: this.tagList() }),
      save: (result) => this.client().save(result),
      isOnline: () => navigator.onLine,
      waitForOnline,
      sleep: abortableSleep,
    },
    {
      onStart: (file) => this.emit('iku-upload-start', { file, attempt: file.attempts }),
      onProgress: (file) =>
        this.emit('iku-upload-progress', { file, loaded: file.loaded, total: file.size }),
      onSuccess: (file, row) => this.emit('iku-upload-success', { file, row }),
      onError: (file) => this.emitError(file),
      onCancel: (file) => this.emit('iku-upload-cancel', { file }),
      onComplete: (counts) => this.complete(counts),
      onChange: () => this.requestUpdate(),
    },
  );

  constructor() {
    super();
    this.addEventListener('paste', this.onPaste);
  }

  /** Every file in the list, as read-only snapshots. */
  get files(): UploaderFile[] {
    return this.queue.files;
  }

  /** The saved rows, in list order; what the form submits. */
  get value(): FileRow[] {
    return this.queue.files.flatMap((file) => (file.row ? [file.row] : []));
  }

  /** The form this element belongs to. */
  get form(): HTMLFormElement | null {
    return this.internals.form;
  }

  get validity(): ValidityState {
    return this.internals.validity;
  }

  get validationMessage(): string {
    return this.internals.validationMessage;
  }

  checkValidity(): boolean {
    return this.internals.checkValidity();
  }

  reportValidity(): boolean {
    return this.internals.reportValidity();
  }

  /** Opens the file picker. */
  openPicker(): void {
    if (this.isDisabled || this.configProblem) return;
    this.input?.click();
  }

  /** Validates files and queues those that pass; refused ones are listed with the reason. */
  addFiles(files: Iterable<File>): UploaderFile[] {
    if (this.isDisabled || this.configProblem) return [];

    const kept = this.queue.files.filter((f) => f.state !== 'failed' && f.state !== 'canceled');
    const maxFiles = this.multiple ? this.maxFiles : Math.min(this.maxFiles ?? 1, 1);
    const verdict = validateFiles(
      [...files],
      { accept: this.accept, maxFileSize: this.maxFileSize, maxFiles },
      kept.length,
    );

    for (const { file, code } of verdict.rejected) {
      const values = { size: formatBytes(this.maxFileSize ?? 0), count: maxFiles ?? 0 };
      this.queue.addRejected(file, code, this.text(`error_${code}`, values));
    }
    if (verdict.accepted.length > 0) this.announceStart(verdict.accepted);
    return this.queue.add(verdict.accepted);
  }

  /** Cancels one file that is waiting or uploading. */
  cancelFile(id: string): void {
    const hadFocus = this.hasFocusInside();
    this.queue.cancel(id);
    void this.keepFocus(hadFocus);
  }

  /** Retries a failed or canceled file: the save alone when the upload already succeeded. */
  retryFile(id: string): void {
    if (this.isDisabled) return;
    const hadFocus = this.hasFocusInside();
    this.queue.retry(id);
    void this.keepFocus(hadFocus);
  }

  /** Removes one file from the list (canceling it first if needed). */
  removeFile(id: string): void {
    const hadFocus = this.hasFocusInside();
    this.queue.remove(id);
    this.previews.revoke(id);
    void this.keepFocus(hadFocus);
  }

  /** Empties the list, canceling anything in flight. */
  clear(): void {
    this.queue.clear();
    this.previews.revokeAll();
  }

  formResetCallback(): void {
    this.clear();
  }

  formDisabledCallback(disabled: boolean): void {
    this.formDisabled = disabled;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.previews.revokeAll();
    this.announcer.stop();
  }

  /** Progress arrives many times a frame; one render per frame is all anyone can see. */
  protected override async scheduleUpdate(): Promise<void> {
    await nextFrame();
    super.scheduleUpdate();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Prefetched auth params belong to one endpoint and one signed-in user.
    if (changed.has('endpoint') || changed.has('authHeaders') || changed.has('credentials')) {
      this.queue.resetAuth();
    }
    if (changed.has('concurrency')) {
      this.queue.concurrency = Math.min(MAX_AUTH_BATCH, Math.max(1, this.concurrency || 3));
    }
    if (changed.has('retryDelay')) this.queue.retryDelay = Math.max(0, this.retryDelay);
    if (changed.has('endpoint') && this.configProblem) {
      warnOnce(this, `<imagekit-uploader>: ${this.configProblem}`);
    }
  }

  protected override updated(): void {
    this.syncForm();
  }

  protected override render() {
    const problem = this.configProblem;
    const disabled = this.isDisabled || Boolean(problem);
    const files = this.queue.files;
    // ImageKit's thumbnails wait until nothing is uploading, so they never compete with uploads.
    const settled = !this.queue.busy;

    return html`
      ${
        problem
          ? html`<p part="config-error" class="config-error" role="alert">${problem}</p>`
          : nothing
      }
      <button
        part="dropzone"
        class="dropzone ${this.dragging ? 'dragging' : ''}"
        type="button"
        ?disabled=${disabled}
        aria-describedby="hint"
        @click=${this.openPicker}
        @dragenter=${this.onDragOver}
        @dragover=${this.onDragOver}
        @dragleave=${this.onDragLeave}
        @drop=${this.onDrop}
      >
        ${uploadIcon}
        <span class="label">${this.dropzoneLabel()}</span>
        <span class="hint" id="hint">${this.acceptHint()}</span>
      </button>
      <input
        type="file"
        hidden
        tabindex="-1"
        ?multiple=${this.multiple}
        accept=${this.accept || nothing}
        @change=${this.onInputChange}
      />
      ${files.length > 0 ? this.renderSummary(files) : nothing}
      ${
        files.length > 0
          ? html`<ul part="file-list" aria-label=${this.text('listLabel')}>
              ${repeat(
                files,
                (file) => file.id,
                (file) =>
                  renderFileRow(file, {
                    text: (key, values) => this.text(key, values),
                    preview: this.isConnected
                      ? this.previews.for(file, this.queue.source(file.id), settled)
                      : undefined,
                    canCancel: canCancel(file),
                    canRetry: canRetry(file),
                    disabled: this.isDisabled,
                    maxFileSize: this.maxFileSize,
                    maxFiles: this.maxFiles,
                    onCancel: (id) => this.cancelFile(id),
                    onRetry: (id) => this.retryFile(id),
                    onRemove: (id) => this.removeFile(id),
                  }),
              )}
            </ul>`
          : nothing
      }
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcer.text}</div>
    `;
  }

  private get isDisabled(): boolean {
    return this.disabled || this.formDisabled;
  }

  private get configProblem(): string | null {
    const problem = endpointProblem(this.endpoint);
    if (!problem) return null;
    return problem === 'missing'
      ? this.text('endpointMissing')
      : this.text('endpointInvalid', { endpoint: this.endpoint });
  }

  private text(key: keyof UploaderStrings, values?: Record<string, string | number>): string {
    return format(this.strings[key] ?? defaultStrings[key], values);
  }

  private tagList(): string[] {
    return this.tags
      .split(',')
      .map((tag) => tag.trim())
      .filter(Boolean);
  }

  private client(): BackendClient {
    return new BackendClient({
      endpoint: this.endpoint,
      headers: this.authHeaders,
      credentials: this.credentials,
    });
  }

  private emit<K extends UploaderEventName>(name: K, detail: UploaderEventDetails[K]): void {
    this.dispatchEvent(createUploaderEvent(name, detail));
  }

  private emitError(file: UploaderFile): void {
    if (!file.error) return;
    const { code, message, status } = file.error;
    this.emit('iku-upload-error', { file, code, message, ...(status ? { status } : {}) });
  }

  private announceStart(files: File[]): void {
    this.announcer.start(
      files.length === 1
        ? this.text('announceStartOne', { name: files[0].name })
        : this.text('announceStart', { count: files.length }),
      (percent) => this.text('announceProgress', { percent }),
      () => totalPercent(this.queue.files),
    );
  }

  private complete(counts: QueueCounts): void {
    this.announcer.finish(this.text('announceComplete', { ...counts }));
    this.emit('iku-queue-complete', { ...counts, rows: this.value });
  }

  /** A row button that vanished took focus with it; hand focus back to the drop zone. */
  private async keepFocus(hadFocus: boolean): Promise<void> {
    await this.updateComplete;
    if (hadFocus && !this.hasFocusInside()) this.dropzone?.focus();
  }

  private hasFocusInside(): boolean {
    return Boolean(this.shadowRoot?.activeElement);
  }

  private syncForm(): void {
    syncFormState(this.internals, {
      name: this.name,
      rows: this.value,
      busy: this.queue.busy,
      required: this.required,
      uploadingMessage: this.text('validityUploading'),
      requiredMessage: this.text('validityRequired'),
      anchor: this.dropzone,
    });
  }

  private dropzoneLabel(): string {
    if (this.dragging) return this.text('dropzoneActive');
    return this.text(this.multiple ? 'dropzoneLabel' : 'dropzoneLabelSingle');
  }

  private acceptHint(): string {
    const parts = [
      this.accept ? this.text('acceptList', { types: this.accept }) : this.text('acceptAny'),
    ];
    if (this.maxFileSize) parts.push(this.text('maxSize', { size: formatBytes(this.maxFileSize) }));
    if (this.multiple && this.maxFiles) parts.push(this.text('maxFiles', { count: this.maxFiles }));
    return parts.join(', ');
  }

  private renderSummary(files: UploaderFile[]) {
    return renderSummary(files, (key, values) => this.text(key, values));
  }

  private readonly onInputChange = (event: Event): void => {
    const input = event.target as HTMLInputElement;
    if (input.files) this.addFiles([...input.files]);
    // Choosing the same file again must fire `change` again.
    input.value = '';
  };

  private readonly onPaste = (event: ClipboardEvent): void => {
    const files = filesOf(event.clipboardData);
    if (files.length === 0 || this.isDisabled || this.configProblem) return;
    event.preventDefault();
    this.addFiles(files);
  };

  private readonly onDragOver = (event: DragEvent): void => {
    if (!event.dataTransfer?.types.includes('Files') || this.isDisabled) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    this.dragging = true;
  };

  private readonly onDragLeave = (event: DragEvent): void => {
    const to = event.relatedTarget as Node | null;
    if (!to || !this.dropzone?.contains(to)) this.dragging = false;
  };

  private readonly onDrop = (event: DragEvent): void => {
    event.preventDefault();
    this.dragging = false;
    this.addFiles(filesOf(event.dataTransfer));
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'imagekit-uploader': ImageKitUploader;
  }
}
