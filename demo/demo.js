// The demo page's own code: a gallery of the signed-in user's saved files, kept in step with the
// widget through its events. A site embedding the widget writes code much like this.

import { card } from './card.js';
import { embedSnippet } from './snippet.js';

const PAGE_SIZE = 24;

const uploader = document.querySelector('imagekit-uploader');
const gallery = document.getElementById('gallery');
const heading = document.getElementById('gallery-title');
const count = document.getElementById('gallery-count');
const status = document.getElementById('gallery-status');
const empty = document.getElementById('gallery-empty');
const note = document.getElementById('gallery-note');
const errorLine = document.getElementById('gallery-error');
const more = document.getElementById('gallery-more');

let nextCursor = null;
let loaded = false;
let shown = 0;

// GET /files pages by cursor and knows no total, so with more pages to come the count says only
// what is on screen.
function updateCount() {
  if (!loaded) return;

  const files = shown === 1 ? '1 file' : `${shown} files`;
  count.textContent = nextCursor ? `${shown} shown, more below` : shown > 0 ? files : '';
  empty.hidden = shown > 0 || Boolean(nextCursor);
  note.hidden = !empty.hidden;
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

function isShown(file) {
  return gallery.querySelector(`[data-file-id="${CSS.escape(file.fileId)}"]`) !== null;
}

async function deleteFile(file) {
  const response = await fetch(`/files/${encodeURIComponent(file.fileId)}`, {
    method: 'DELETE',
    credentials: 'same-origin',
  }).catch(() => null);

  if (!response || !response.ok) {
    const reason = response ? await readError(response) : 'network error';
    showError(`Could not delete ${file.name}: ${reason}`);
    return reason;
  }

  showError('');
  const item = gallery.querySelector(`[data-file-id="${CSS.escape(file.fileId)}"]`);
  // Focus would fall to the page's start with the card gone: hand it to the neighbour instead.
  const neighbour = item?.nextElementSibling ?? item?.previousElementSibling;
  item?.remove();
  shown -= 1;
  updateCount();
  status.textContent = `Deleted ${file.name} from ImageKit.`;
  (neighbour?.querySelector('.actions button') ?? heading).focus();
  return null;
}

function cardOf(file) {
  return card(file, { onDelete: deleteFile });
}

async function loadPage() {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (nextCursor) query.set('cursor', nextCursor);

  more.disabled = true;
  more.textContent = 'Loading…';
  const response = await fetch(`/files?${query}`, { credentials: 'same-origin' }).catch(() => null);
  more.disabled = false;
  more.textContent = 'Load more';
  if (!response || !response.ok) {
    showError(
      `Could not load your files: ${response ? await readError(response) : 'network error'}`,
    );
    return;
  }

  const body = await response.json();
  showError('');
  for (const file of body.files) {
    if (isShown(file)) continue;
    gallery.append(cardOf(file));
    shown += 1;
  }
  nextCursor = body.nextCursor;
  loaded = true;
  more.hidden = !nextCursor;
  updateCount();
}

function addSaved(file) {
  if (isShown(file)) return;
  gallery.prepend(cardOf(file));
  shown += 1;
  updateCount();
}

function renderSnippet() {
  document.getElementById('snippet').textContent = embedSnippet(window.location.origin);
}

uploader.addEventListener('iku-upload-success', (event) => addSaved(event.detail.row));
more.addEventListener('click', () => loadPage());
document.getElementById('copy-snippet').addEventListener('click', async (event) => {
  const button = event.currentTarget;
  const copied = await navigator.clipboard
    ?.writeText(document.getElementById('snippet').textContent)
    .then(() => true)
    .catch(() => false);
  button.textContent = copied ? 'Copied' : 'Copy failed';
  setTimeout(() => (button.textContent = 'Copy'), 1500);
});

renderSnippet();
loadPage();
