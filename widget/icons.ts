/**
 * The few inline icons the element draws, one stroked path each; decorative, so hidden from
 * assistive technology.
 * @module
 */

import { svg } from 'lit';
import type { SVGTemplateResult } from 'lit';

const icon = (body: SVGTemplateResult) =>
  svg`<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2"
    stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">${body}</svg>`;

export const uploadIcon = icon(
  svg`<path d="M16 16l-4-4-4 4M12 12v9M20.4 18.4A5 5 0 0 0 18 9h-1.3A8 8 0 1 0 3 16.3"/>`,
);
export const fileIcon = icon(
  svg`<path d="M14 3H6a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V9zM14 3v6h6"/>`,
);
export const cancelIcon = icon(svg`<path d="M18 6L6 18M6 6l12 12"/>`);
export const retryIcon = icon(
  svg`<path d="M3 12a9 9 0 0 1 15.5-6.2L21 8M21 3v5h-5M21 12a9 9 0 0 1-15.5 6.2L3 16M3 21v-5h5"/>`,
);
export const removeIcon = icon(svg`<path d="M3 6h18M8 6V4h8v2M19 6l-1 14H6L5 6"/>`);
