/**
 * Uploaded files (https://getstream.io/chat/docs/node/file_uploads/): who may upload what, where
 * the bytes go and which URL serves them.
 *
 * Limits, from Stream's documentation (the CLI reference states them,
 * https://getstream.github.io/stream-cli/stream-cli_chat_upload-file.html and
 * https://getstream.github.io/stream-cli/stream-cli_chat_upload-image.html):
 * - "The maximum file size is 100MB" (`limits.ts` `uploadMaxBytes`); `size_limit` of the app's
 *   `file_upload_config` / `image_upload_config` (set with `PATCH /app`) lowers it.
 * - Files: "Stream will not block any file types"; the app's `allowed_file_extensions`,
 *   `blocked_file_extensions`, `allowed_mime_types` and `blocked_mime_types` restrict them.
 * - Images: the supported image types are image/bmp, image/gif, image/jpeg, image/png, image/webp,
 *   image/heic, image/heic-sequence, image/heif, image/heif-sequence and image/svg+xml; the
 *   `image_upload_config` lists restrict them further.
 * Refusals: too big → 413/22, a refused type → 400/4 (codes from Stream's error table,
 * https://getstream.io/chat/docs/node/api_errors_response/; wording ours).
 *
 * The bytes go to `dataDir/uploads/<id>` when the emulator has a data directory (so they outlive
 * a restart with the state that names them), else to memory. The URL is
 * `<emulator>/__uploads/<id>/<name>`, served without auth like a CDN link (Stream's are signed
 * and expire; the emulator's do not).
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCode, inputError, StreamError } from './errors';
import { LIMITS } from './limits';
import type { StreamStore, UploadRecord } from './store';

export interface UploadStorage {
  put(id: string, bytes: Uint8Array<ArrayBuffer>): void;
  get(id: string): Uint8Array<ArrayBuffer> | undefined;
  remove(id: string): void;
}

export function memoryUploadStorage(): UploadStorage {
  const files = new Map<string, Uint8Array<ArrayBuffer>>();
  return {
    put: (id, bytes) => void files.set(id, bytes),
    get: (id) => files.get(id),
    remove: (id) => void files.delete(id),
  };
}

/** Ids are UUIDs made here, so they are safe as file names. */
export function diskUploadStorage(dataDir: string): UploadStorage {
  const dir = join(dataDir, 'uploads');
  mkdirSync(dir, { recursive: true });
  return {
    put(id, bytes) {
      const temp = join(dir, `${id}.tmp`);
      writeFileSync(temp, bytes);
      renameSync(temp, join(dir, id));
    },
    get(id) {
      try {
        return new Uint8Array(readFileSync(join(dir, id)));
      } catch {
        return undefined;
      }
    },
    remove: (id) => rmSync(join(dir, id), { force: true }),
  };
}

export const SUPPORTED_IMAGE_TYPES = [
  'image/bmp',
  'image/gif',
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/heic',
  'image/heic-sequence',
  'image/heif',
  'image/heif-sequence',
  'image/svg+xml',
];

/** The app's `file_upload_config` / `image_upload_config` (Stream's `FileUploadConfig`). */
interface UploadConfig {
  size_limit?: number;
  allowed_file_extensions?: string[];
  blocked_file_extensions?: string[];
  allowed_mime_types?: string[];
  blocked_mime_types?: string[];
}

function uploadConfig(store: StreamStore, kind: UploadRecord['kind']): UploadConfig {
  const raw = store.app.extra[kind === 'image' ? 'image_upload_config' : 'file_upload_config'];
  return typeof raw === 'object' && raw !== null ? (raw as UploadConfig) : {};
}

/** The size limit in bytes for this kind of upload. */
export function uploadSizeLimit(store: StreamStore, kind: UploadRecord['kind']): number {
  const configured = uploadConfig(store, kind).size_limit;
  return configured && configured > 0
    ? Math.min(configured, LIMITS.uploadMaxBytes)
    : LIMITS.uploadMaxBytes;
}

export function tooBig(limit: number): StreamError {
  return new StreamError(
    413,
    ErrorCode.PayloadTooBig,
    `file size exceeds the limit of ${limit} bytes`,
  );
}

const extensionOf = (name: string) => {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
};
const normalized = (list: string[] | undefined) =>
  (list ?? []).map((entry) => entry.toLowerCase().replace(/^\./, ''));

/** Refuses a file the limits above do not allow (size is checked by the caller, streaming). */
export function assertUploadAllowed(
  store: StreamStore,
  kind: UploadRecord['kind'],
  file: { name: string; type: string; size: number },
): void {
  const limit = uploadSizeLimit(store, kind);
  if (file.size > limit) throw tooBig(limit);
  const type = file.type.split(';')[0]?.trim().toLowerCase() ?? '';
  if (kind === 'image' && !SUPPORTED_IMAGE_TYPES.includes(type)) {
    throw inputError(
      `file type "${type || 'unknown'}" is not a supported image type (${SUPPORTED_IMAGE_TYPES.join(', ')})`,
    );
  }
  const config = uploadConfig(store, kind);
  const extension = extensionOf(file.name);
  const allowedExtensions = normalized(config.allowed_file_extensions);
  const allowedTypes = normalized(config.allowed_mime_types);
  if (
    normalized(config.blocked_file_extensions).includes(extension) ||
    (allowedExtensions.length > 0 && !allowedExtensions.includes(extension))
  ) {
    throw inputError(`file extension "${extension}" is not allowed`);
  }
  if (
    normalized(config.blocked_mime_types).includes(type) ||
    (allowedTypes.length > 0 && !allowedTypes.includes(type))
  ) {
    throw inputError(`file type "${type}" is not allowed`);
  }
}

/** The URL that serves an upload, on the emulator that received it. */
export function uploadUrl(origin: string, upload: UploadRecord): string {
  return `${origin}/__uploads/${upload.id}/${encodeURIComponent(upload.name)}`;
}

/** The upload a URL of `uploadUrl` names (any origin: the emulator may be reached by several). */
export function uploadOfUrl(store: StreamStore, url: string): UploadRecord | undefined {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return undefined;
  }
  const match = /^\/__uploads\/([^/]+)\//.exec(path);
  return match?.[1] ? store.uploads.get(match[1]) : undefined;
}

export function storeUpload(
  store: StreamStore,
  storage: UploadStorage,
  upload: UploadRecord,
  bytes: Uint8Array<ArrayBuffer>,
): void {
  storage.put(upload.id, bytes);
  store.uploads.set(upload.id, upload);
  store.emit({ type: 'state.changed' });
}

export function removeUpload(store: StreamStore, storage: UploadStorage, upload: UploadRecord) {
  store.uploads.delete(upload.id);
  storage.remove(upload.id);
  store.emit({ type: 'state.changed' });
}
