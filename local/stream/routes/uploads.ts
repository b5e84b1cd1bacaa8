/**
 * Channel uploads (https://getstream.io/chat/docs/node/file_uploads/; Stream's OpenAPI
 * UploadChannelFile / UploadChannelImage / DeleteChannelFile / DeleteChannelImage), as
 * stream-chat-js sends them (`channel.sendFile`, `channel.sendImage`: multipart with a `file` part
 * and, server-side, a `user` part holding `{"id": …}`):
 *   POST   /channels/{type}/{id}/file|image         → 201 {file: URL}
 *   DELETE /channels/{type}/{id}/file|image?url=URL → {}
 *   GET    /__uploads/{upload}/{name}               the bytes (no auth, like a CDN link)
 * A user token needs UploadAttachment (`upload-attachment`: members and the owner on Stream's
 * defaults) to upload, and DeleteAttachment to delete: its `-owner` form covers one's own
 * uploads only, so deleting another user's upload needs a moderator. Limits and storage:
 * uploads.ts.
 */
import type { Context, Hono } from 'hono';
import { assertUserMay } from '../access';
import { actorId } from '../actor';
import { isRecord } from '../body';
import { nowTimestamp } from '../clock';
import type { EmulatorContext } from '../context';
import type { StreamEnv } from '../env';
import { channelNotFound, ErrorCode, inputError, StreamError } from '../errors';
import { operation } from '../operation';
import type { ChannelRecord, UploadRecord } from '../store';
import {
  assertUploadAllowed,
  removeUpload,
  storeUpload,
  tooBig,
  type UploadStorage,
  uploadOfUrl,
  uploadSizeLimit,
  uploadUrl,
} from '../uploads';
import { respond } from '../wire';

/** Room for the multipart framing around the file itself. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

function userPart(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return isRecord(parsed) && typeof parsed.id === 'string' ? parsed.id : undefined;
  } catch {
    throw inputError('user must be a JSON object with an id');
  }
}

export function registerUploadRoutes(
  app: Hono<StreamEnv>,
  ctx: EmulatorContext,
  storage: UploadStorage,
): void {
  const { store, deps } = ctx;
  const channelOf = (c: Context<StreamEnv>): ChannelRecord => {
    const cid = `${c.req.param('type')}:${c.req.param('id')}`;
    const channel = store.liveChannel(cid);
    if (!channel) throw channelNotFound(cid);
    return channel;
  };

  for (const kind of ['file', 'image'] as const) {
    const op = kind === 'file' ? 'UploadChannelFile' : 'UploadChannelImage';
    app.post(`/channels/:type/:id/${kind}`, operation(op, deps), async (c) => {
      const limit = uploadSizeLimit(store, kind);
      // Refuse an oversized body before reading it.
      const declared = Number(c.req.header('content-length') ?? 0);
      if (declared > limit + MULTIPART_OVERHEAD_BYTES) throw tooBig(limit);
      let form: Record<string, unknown>;
      try {
        form = await c.req.parseBody();
      } catch {
        throw inputError('the request body must be multipart/form-data with a file part');
      }
      const channel = channelOf(c);
      const auth = c.get('auth');
      const userId = actorId(store, auth, userPart(form.user), 'uploads');
      assertUserMay(store, auth, 'UploadAttachment', { channel });
      const file = form.file;
      if (!(file instanceof File)) throw inputError('file is a required field');
      assertUploadAllowed(store, kind, file);
      const upload: UploadRecord = {
        id: crypto.randomUUID(),
        kind,
        cid: channel.cid,
        user_id: userId,
        name: file.name || kind,
        mime_type: file.type || 'application/octet-stream',
        size: file.size,
        created_at: nowTimestamp(),
      };
      storeUpload(store, storage, upload, new Uint8Array(await file.arrayBuffer()));
      return respond(c, { file: uploadUrl(new URL(c.req.url).origin, upload) }, 201);
    });

    const deleteOp = kind === 'file' ? 'DeleteChannelFile' : 'DeleteChannelImage';
    app.delete(`/channels/:type/:id/${kind}`, operation(deleteOp, deps), (c) => {
      const channel = channelOf(c);
      const url = c.req.query('url');
      if (!url) throw inputError('url is a required field');
      const upload = uploadOfUrl(store, url);
      if (!upload || upload.cid !== channel.cid || upload.kind !== kind) {
        throw new StreamError(404, ErrorCode.DoesNotExist, `${kind} ${url} does not exist`);
      }
      assertUserMay(store, c.get('auth'), 'DeleteAttachment', { channel, ownerId: upload.user_id });
      removeUpload(store, storage, upload);
      return respond(c, {});
    });
  }

  app.get('/__uploads/:upload/:name', (c) => {
    const upload = store.uploads.get(c.req.param('upload'));
    const bytes = upload && storage.get(upload.id);
    if (!upload || !bytes) return c.text('Not Found', 404);
    return c.body(bytes, 200, {
      'content-type': upload.mime_type,
      'content-length': String(bytes.byteLength),
      // Revalidated on every use: a deleted upload must stop showing at once.
      'cache-control': 'no-cache',
    });
  });
}
