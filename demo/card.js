// One gallery card: the thumbnail (or a placeholder when there is no picture to show), the
// file's details, and the two actions, Open and a confirmed Delete from ImageKit.

import { formatBytes, typeFamily, typeLabel } from './format.js';

const THUMB_TRANSFORM = 'tr=w-480,q-80';

// Outline pictures for the placeholder, one per family; constant markup, never file data.
const ICONS = {
  image:
    '<rect x="3" y="4" width="18" height="16" rx="2"/><circle cx="9" cy="10" r="2"/>' +
    '<path d="m21 17-5-5-9 8"/>',
  video: '<rect x="3" y="5" width="18" height="14" rx="2"/><path d="m10 9 5 3-5 3z"/>',
  document:
    '<path d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8z"/>' +
    '<path d="M14 3v5h5M9 13h6M9 17h4"/>',
};

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

// ImageKit transforms by URL: the same query form works on the real CDN and the local stand-in.
function thumbnailOf(file) {
  const joiner = file.url.includes('?') ? '&' : '?';
  return `${file.url}${joiner}${THUMB_TRANSFORM}`;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function placeholder(file, caption) {
  const box = element('div', 'placeholder');
  box.dataset.family = typeFamily(file);
  box.innerHTML =
    '<svg viewBox="0 0 24 24" width="40" height="40" fill="none" stroke="currentColor" ' +
    `stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">` +
    `${ICONS[box.dataset.family]}</svg>`;
  box.append(element('span', 'placeholder-label', typeLabel(file)));
  if (caption) box.append(element('span', 'placeholder-caption', caption));
  return box;
}

function thumbnail(file) {
  const thumb = element('div', 'thumb');
  if (file.fileType !== 'image') {
    // ImageKit stores a corrupt image as a non-image: it has no picture, and the card says so.
    thumb.append(placeholder(file, typeFamily(file) === 'image' ? 'No preview' : undefined));
    return thumb;
  }

  const img = document.createElement('img');
  img.alt = file.name;
  img.loading = 'lazy';
  img.decoding = 'async';
  // Some images have no web thumbnail (HEIC on the local stand-in answers 415, a corrupt file
  // cannot be decoded): the card then shows its type, not a broken-image icon.
  img.addEventListener('error', () => img.replaceWith(placeholder(file, 'No preview')), {
    once: true,
  });
  img.src = thumbnailOf(file);
  thumb.append(img);
  return thumb;
}

function details(file) {
  const name = element('span', 'name', file.name);
  name.title = file.name;

  const dimensions = file.width && file.height ? ` · ${file.width}×${file.height}` : '';
  const facts = element(
    'span',
    'muted',
    `${typeLabel(file)} · ${formatBytes(file.size)}${dimensions}`,
  );

  const date = element('time', 'muted', dateFormat.format(new Date(file.uploadedAt)));
  date.dateTime = file.uploadedAt;
  return [name, facts, date];
}

/**
 * The card for `file`. `onDelete(file)` runs after the person confirmed; it resolves to an error
 * message, or to null once the file is gone.
 */
export function card(file, { onDelete }) {
  const item = element('li', 'card');
  item.dataset.fileId = file.fileId;

  const actions = element('div', 'actions');
  const open = element('a', 'action', 'Open');
  open.href = file.url;
  open.target = '_blank';
  open.rel = 'noopener';
  open.setAttribute('aria-label', `Open ${file.name} in a new tab`);
  const remove = element('button', 'action danger-quiet', 'Delete from ImageKit');
  remove.type = 'button';
  remove.setAttribute('aria-label', `Delete from ImageKit: ${file.name}`);
  actions.append(open, remove);

  // Deleting removes the file from ImageKit and the database for good, unlike the widget's trash
  // icon, which only takes a row off its list: so it asks first, inline, without a modal.
  const confirm = element('div', 'confirm');
  confirm.setAttribute('role', 'group');
  confirm.setAttribute('aria-label', `Delete ${file.name} permanently?`);
  confirm.hidden = true;
  const question = element('span', 'question', 'Delete permanently?');
  const yes = element('button', 'action danger', 'Yes, delete');
  yes.type = 'button';
  const no = element('button', 'action', 'No');
  no.type = 'button';
  confirm.append(question, yes, no);

  const ask = (asking) => {
    actions.hidden = asking;
    confirm.hidden = !asking;
    (asking ? no : remove).focus();
  };
  remove.addEventListener('click', () => ask(true));
  no.addEventListener('click', () => ask(false));
  confirm.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !yes.disabled) ask(false);
  });
  yes.addEventListener('click', async () => {
    yes.disabled = no.disabled = true;
    yes.textContent = 'Deleting…';
    const failure = await onDelete(file);
    if (!failure) return;

    yes.disabled = no.disabled = false;
    yes.textContent = 'Yes, delete';
    ask(false);
  });

  const meta = element('div', 'meta');
  meta.append(...details(file), actions, confirm);
  item.append(thumbnail(file), meta);
  return item;
}
