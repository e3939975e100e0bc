// The embed code the page offers for copying, pointed at the backend that serves it. A site that
// copies it is on another origin: it needs an entry in the backend's ALLOWED_ORIGINS, and the
// demo cookie sent along (credentials="include"), without which the backend refuses every save.

/** The script tag and the element for a page on another origin than `origin`, the backend's. */
export function embedSnippet(origin) {
  return [
    `<script src="${origin}/imagekit-uploader.js"></script>`,
    '',
    '<!-- List this site\'s origin in the backend\'s ALLOWED_ORIGINS. credentials="include"',
    '     sends the backend its demo cookie; without it the backend refuses to save. -->',
    '<imagekit-uploader',
    `  endpoint="${origin}"`,
    '  credentials="include"',
    '  multiple',
    '  accept="image/*"',
    '></imagekit-uploader>',
  ].join('\n');
}
