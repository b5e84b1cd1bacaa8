/**
 * GetApp with a user token: the client-side part of the app settings, as Stream's client-side
 * OpenAPI document (openapi/chat-openapi-clientside.json, `AppResponseFields`) shapes it: `id`,
 * `name`, `placement`, `async_url_enrich_enabled`, `auto_translation_enabled` and the upload
 * configs. The SDK's message composer reads the upload configs before every attachment upload
 * (stream-chat-js `AttachmentManager.getUploadConfigCheck`), so a frontend needs this call.
 * The upload configs are those set with `PATCH /app` (kept as sent), else empty lists and size
 * limit 0, which the SDK reads as its default limit.
 */
import type { MiddlewareHandler } from 'hono';
import type { StreamEnv } from './env';
import type { Wire } from './present';
import type { StreamStore } from './store';
import { respond } from './wire';

const EMPTY_UPLOAD_CONFIG = {
  allowed_file_extensions: [],
  blocked_file_extensions: [],
  allowed_mime_types: [],
  blocked_mime_types: [],
  size_limit: 0,
};

export function clientAppSettings(store: StreamStore): Wire {
  const { extra } = store.app;
  return {
    id: 1,
    name: 'stream-emulator',
    placement: '',
    async_url_enrich_enabled: false,
    auto_translation_enabled: false,
    file_upload_config: extra.file_upload_config ?? EMPTY_UPLOAD_CONFIG,
    image_upload_config: extra.image_upload_config ?? EMPTY_UPLOAD_CONFIG,
  };
}

/** Answers a user token's GetApp; server tokens go on to the full settings. */
export function clientSideApp(store: StreamStore): MiddlewareHandler<StreamEnv> {
  return async (c, next) => {
    if (c.get('auth').kind === 'user') return respond(c, { app: clientAppSettings(store) });
    await next();
  };
}
