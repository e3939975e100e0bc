/**
 * Files out of a drop or a paste.
 * @module
 */

export function filesOf(data: DataTransfer | null | undefined): File[] {
  if (!data) return [];
  if (data.files.length > 0) return [...data.files];

  // Some sources (pasted screenshots) only expose items.
  return [...data.items]
    .filter((item) => item.kind === 'file')
    .map((item) => item.getAsFile())
    .filter((file): file is File => file !== null);
}
