// The demo page's own code: a gallery of the signed-in user's saved files, kept in step with the
// widget through its events. A site embedding the widget writes code much like this.

const PAGE_SIZE = 24;
const THUMB_TRANSFORM = 'tr=w-480,q-80';

const uploader = document.querySelector('imagekit-uploader');
const gallery = document.getElementById('gallery');
const count = document.getElementById('gallery-count');
const empty = document.getElementById('gallery-empty');
const errorLine = document.getElementById('gallery-error');
const more = document.getElementById('gallery-more');

const sizeFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

let nextCursor = null;
let shown = 0;

function formatSize(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${sizeFormat.format(bytes / 1024)} KB`;
  return `${sizeFormat.format(bytes / 1024 / 1024)} MB`;
}

// ImageKit transforms by URL: the same query form works on the real CDN and the local stand-in.
function thumbnailOf(file) {
  const joiner = file.url.includes('?') ? '&' : '?';
  return `${file.url}${joiner}${THUMB_TRANSFORM}`;
}

function updateCount() {
  count.textContent = shown === 1 ? '1 file' : `${shown} files`;
  empty.hidden = shown > 0;
}

function showError(message) {
  errorLine.textContent = message;
  errorLine.hidden = !message;
}

async function readError(response) {
  try {
    const body = await response.json();
    return body?.error?.message ?? `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}`;
  }
}

function card(file) {
  const item = document.createElement('li');
  item.className = 'card';
  item.dataset.fileId = file.fileId;

  const thumb = document.createElement('div');
  thumb.className = 'thumb';
  if (file.fileType === 'image') {
    const img = document.createElement('img');
    img.src = thumbnailOf(file);
    img.alt = file.name;
    img.loading = 'lazy';
    img.decoding = 'async';
    thumb.append(img);
  } else {
    const kind = document.createElement('span');
    kind.className = 'kind';
    kind.textContent = (file.mime || 'file').split('/').pop().toUpperCase();
    thumb.append(kind);
  }

  const meta = document.createElement('div');
  meta.className = 'meta';
  const name = document.createElement('span');
  name.className = 'name';
  name.textContent = file.name;
  name.title = file.name;
  const details = document.createElement('span');
  details.className = 'muted';
  const dimensions = file.width && file.height ? ` · ${file.width}×${file.height}` : '';
  details.textContent = `${formatSize(file.size)}${dimensions}`;
  const date = document.createElement('time');
  date.className = 'muted';
  date.dateTime = file.uploadedAt;
  date.textContent = dateFormat.format(new Date(file.uploadedAt));

  const actions = document.createElement('div');
  actions.className = 'actions';
  const open = document.createElement('a');
  open.href = file.url;
  open.target = '_blank';
  open.rel = 'noopener';
  open.textContent = 'Open';
  const remove = document.createElement('button');
  remove.type = 'button';
  remove.textContent = 'Delete';
  remove.setAttribute('aria-label', `Delete ${file.name}`);
  remove.addEventListener('click', () => deleteFile(file, item, remove));
  actions.append(open, remove);

  meta.append(name, details, date, actions);
  item.append(thumb, meta);
  return item;
}

async function deleteFile(file, item, button) {
  button.disabled = true;
  const response = await fetch(`/files/${encodeURIComponent(file.fileId)}`, {
    method: 'DELETE',
    credentials: 'same-origin',
  }).catch(() => null);

  if (!response || !response.ok) {
    button.disabled = false;
    showError(
      `Could not delete ${file.name}: ${response ? await readError(response) : 'network error'}`,
    );
    return;
  }

  showError('');
  item.remove();
  shown -= 1;
  updateCount();
}

async function loadPage() {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (nextCursor) query.set('cursor', nextCursor);

  const response = await fetch(`/files?${query}`, { credentials: 'same-origin' }).catch(() => null);
  if (!response || !response.ok) {
    showError(
      `Could not load your files: ${response ? await readError(response) : 'network error'}`,
    );
    return;
  }

  const body = await response.json();
  showError('');
  for (const file of body.files) {
    if (gallery.querySelector(`[data-file-id="${CSS.escape(file.fileId)}"]`)) continue;
    gallery.append(card(file));
    shown += 1;
  }
  nextCursor = body.nextCursor;
  more.hidden = !nextCursor;
  updateCount();
}

function addSaved(file) {
  if (gallery.querySelector(`[data-file-id="${CSS.escape(file.fileId)}"]`)) return;
  gallery.prepend(card(file));
  shown += 1;
  updateCount();
}

function renderSnippet() {
  const origin = window.location.origin;
  document.getElementById('snippet').textContent = [
    `<script src="${origin}/imagekit-uploader.js"></script>`,
    '',
    `<imagekit-uploader endpoint="${origin}" multiple accept="image/*"></imagekit-uploader>`,
  ].join('\n');
}

uploader.addEventListener('iku-upload-success', (event) => addSaved(event.detail.row));
more.addEventListener('click', () => loadPage());
document.getElementById('copy-snippet').addEventListener('click', async (event) => {
  const button = event.currentTarget;
  await navigator.clipboard?.writeText(document.getElementById('snippet').textContent);
  button.textContent = 'Copied';
  setTimeout(() => (button.textContent = 'Copy'), 1500);
});

renderSnippet();
loadPage();
