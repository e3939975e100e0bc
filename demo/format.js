// How the gallery words a file: its size the way the widget shows it, and a short type label.

const SIZE_UNITS = ['KB', 'MB', 'GB', 'TB'];

const EXTENSION_LABELS = {
  jpg: 'JPEG',
  jpeg: 'JPEG',
  jfif: 'JPEG',
  png: 'PNG',
  gif: 'GIF',
  webp: 'WEBP',
  avif: 'AVIF',
  heic: 'HEIC',
  heif: 'HEIF',
  tif: 'TIFF',
  tiff: 'TIFF',
  svg: 'SVG',
  bmp: 'BMP',
  ico: 'ICO',
  mp4: 'MP4',
  m4v: 'MP4',
  mov: 'MOV',
  webm: 'WEBM',
  mkv: 'MKV',
  avi: 'AVI',
  mp3: 'MP3',
  wav: 'WAV',
  pdf: 'PDF',
  txt: 'TXT',
  csv: 'CSV',
  json: 'JSON',
  zip: 'ZIP',
};

const MIME_LABELS = {
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/gif': 'GIF',
  'image/webp': 'WEBP',
  'image/avif': 'AVIF',
  'image/heic': 'HEIC',
  'image/heif': 'HEIF',
  'image/tiff': 'TIFF',
  'image/svg+xml': 'SVG',
  'video/mp4': 'MP4',
  'video/quicktime': 'MOV',
  'video/webm': 'WEBM',
  'application/pdf': 'PDF',
  'text/plain': 'TXT',
};

/**
 * The widget's rule for sizes (widget/strings.ts `formatBytes`), repeated here because the page
 * loads only the widget's script tag: 1024-based units, one decimal below 10, whole above.
 */
export function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} B`;

  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < SIZE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${SIZE_UNITS[unit]}`;
}

/** A label a person recognises (JPEG, MP4, PDF...), never a raw MIME subtype like OCTET-STREAM. */
export function typeLabel(file) {
  const extension = /\.([a-z0-9]{1,5})$/i.exec(file.name ?? '')?.[1].toLowerCase();
  if (extension && EXTENSION_LABELS[extension]) return EXTENSION_LABELS[extension];

  const mime = (file.mime ?? '').split(';')[0].trim().toLowerCase();
  if (MIME_LABELS[mime]) return MIME_LABELS[mime];

  // An extension of a few letters (DOCX, KEY) still says more than a generic word.
  if (extension && /^[a-z][a-z0-9]{1,3}$/.test(extension)) return extension.toUpperCase();
  return 'FILE';
}

const IMAGE_LABELS = new Set([
  'JPEG',
  'PNG',
  'GIF',
  'WEBP',
  'AVIF',
  'HEIC',
  'HEIF',
  'TIFF',
  'SVG',
  'BMP',
]);
const VIDEO_LABELS = new Set(['MP4', 'MOV', 'WEBM', 'MKV', 'AVI']);

/** Which placeholder picture suits a file: image, video or document. */
export function typeFamily(file) {
  const major = (file.mime ?? '').split('/')[0];
  const label = typeLabel(file);
  if (file.fileType === 'image' || major === 'image' || IMAGE_LABELS.has(label)) return 'image';
  if (major === 'video' || VIDEO_LABELS.has(label)) return 'video';
  return 'document';
}
