import type { FileRecord } from './types.ts';

const THUMBNAIL = 'tr:n-ik_ml_thumbnail';

// Anything in a path that is neither a letter, mark or digit of some script nor `/ . _ -`.
const NOT_RAW = /[^\p{L}\p{M}\p{N}/._-]/gu;

/**
 * The file path as ImageKit writes it in a URL: letters of other scripts stay as they are
 * (`/menus/café.jpg`, not `caf%C3%A9.jpg`), and a browser or fetch percent-encodes them when it
 * requests the URL. Upload names never hold anything else; a record edited by hand might.
 */
function urlPath(filePath: string): string {
  return filePath.replace(NOT_RAW, (character) => encodeURIComponent(character));
}

export function fileUrl(urlEndpoint: string, record: FileRecord): string {
  return `${urlEndpoint}${urlPath(record.filePath)}`;
}

export function thumbnailUrl(urlEndpoint: string, record: FileRecord): string {
  return record.fileType === 'image'
    ? `${urlEndpoint}/${THUMBNAIL}${urlPath(record.filePath)}`
    : '';
}

/** The file as ImageKit's file API describes it (GET /v1/files/:id/details and the list). */
export function fileDetails(urlEndpoint: string, record: FileRecord): Record<string, unknown> {
  return {
    fileId: record.fileId,
    type: 'file',
    name: record.name,
    filePath: record.filePath,
    tags: record.tags,
    AITags: null,
    versionInfo: { id: record.versionId, name: `Version ${record.versionNumber}` },
    isPrivateFile: record.isPrivateFile,
    isPublished: true,
    customCoordinates: record.customCoordinates,
    url: fileUrl(urlEndpoint, record),
    thumbnail: thumbnailUrl(urlEndpoint, record),
    fileType: record.fileType,
    mime: record.mime,
    ...(record.width !== undefined ? { width: record.width, height: record.height } : {}),
    size: record.size,
    hasAlpha: record.hasAlpha,
    customMetadata: record.customMetadata,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

/** The upload answer: the fixed fields plus those asked for in `responseFields`. */
export function uploadAnswer(
  urlEndpoint: string,
  record: FileRecord,
  responseFields: string[],
): Record<string, unknown> {
  const answer: Record<string, unknown> = {
    fileId: record.fileId,
    name: record.name,
    size: record.size,
    versionInfo: { id: record.versionId, name: `Version ${record.versionNumber}` },
    filePath: record.filePath,
    url: fileUrl(urlEndpoint, record),
    fileType: record.fileType,
    ...(record.width !== undefined ? { height: record.height, width: record.width } : {}),
    thumbnailUrl: thumbnailUrl(urlEndpoint, record),
    AITags: null,
  };

  const extras: Record<string, () => unknown> = {
    tags: () => record.tags,
    customCoordinates: () => record.customCoordinates,
    isPrivateFile: () => record.isPrivateFile,
    isPublished: () => true,
    customMetadata: () => record.customMetadata,
    embeddedMetadata: () => ({}),
    metadata: () => ({
      height: record.height ?? 0,
      width: record.width ?? 0,
      size: record.size,
      hasTransparency: record.hasAlpha,
    }),
  };
  for (const field of responseFields) {
    const value = extras[field];
    if (value) answer[field] = value();
  }
  return answer;
}
