/**
 * The API's typed client for frontends: hono/client (`hc`) over the API's route schema
 * (client/schema.ts, generated from the routes' zod schemas by `npm run client:types`). It needs
 * only `hono` and a browser's types: no Worker source, no Cloudflare types (client/README.md).
 */
import type { Hono } from 'hono';
import {
  type ClientRequestOptions,
  hc,
  type InferRequestType,
  type InferResponseType,
} from 'hono/client';
import type { BlankEnv } from 'hono/types';
import type { ApiSchema } from './schema';

export type { ClientRequestOptions, InferRequestType, InferResponseType } from 'hono/client';
export type { ApiSchema } from './schema';

/** The API's type for `hc<ApiType>`: its routes, inputs and responses, without server types. */
export type ApiType = Hono<BlankEnv, ApiSchema, '/'>;

/** The client `createApiClient` returns: `client.auth.login.$post({ json })` and so on. */
export type ApiClient = ReturnType<typeof hc<ApiType>>;

/**
 * A typed client of the API at `baseUrl` (e.g. `http://127.0.0.1:8787` or your deployed URL).
 * `options` are hono/client's: `headers` (a function is called per request, e.g. to add the
 * current bearer token), `fetch`, `init`.
 */
export function createApiClient(baseUrl: string, options?: ClientRequestOptions): ApiClient {
  return hc<ApiType>(baseUrl, options);
}

/** The successful answer of a call, e.g. `Ok<ApiClient['me']['$get']>`. */
type Ok<T, S extends 200 | 201 = 200> = InferResponseType<T, S>;

/** Register (201): the user, the first API token, the refresh token and the device token. */
export type RegisterResponse = Ok<ApiClient['auth']['register']['$post'], 201>;
/** Login and refresh (200): a new API token pair, scoped to a tenant when one was asked for. */
export type SessionResponse = Ok<ApiClient['auth']['login']['$post']>;
export type RefreshResponse = Ok<ApiClient['auth']['refresh']['$post']>;
/** The signed-in user with their tenants and roles. */
export type MeResponse = Ok<ApiClient['me']['$get']>;
export type TenantListResponse = Ok<ApiClient['tenants']['$get']>;
/** A new tenant (201) and the creator's token scoped to it. */
export type CreateTenantResponse = Ok<ApiClient['tenants']['$post'], 201>;
/** A token scoped to one tenant (switching tenants). */
export type TenantTokenResponse = Ok<ApiClient['tenants'][':id']['token']['$post']>;
export type MyInvitationsResponse = Ok<ApiClient['me']['invitations']['$get']>;
export type AcceptInvitationResponse = Ok<ApiClient['invitations'][':inv_id']['accept']['$post']>;
export type ChannelListResponse = Ok<ApiClient['channels']['$get']>;
export type Channel = Ok<ApiClient['channels']['$post'], 201>;
export type SendMessageResponse = Ok<ApiClient['messages']['$post'], 201>;
export type MessageListResponse = Ok<ApiClient['messages'][':stream_id']['$get']>;
/** A Stream user token for the Stream SDK's `connectUser` (docs/api.md, "Stream"). */
export type StreamTokenResponse = Ok<ApiClient['stream']['token']['$get']>;
/** Every error's body: `{ error, code, request_id, details? }`. */
export type ErrorResponse = InferResponseType<ApiClient['me']['$get'], 401>;

export type RegisterRequest = InferRequestType<ApiClient['auth']['register']['$post']>['json'];
export type LoginRequest = InferRequestType<ApiClient['auth']['login']['$post']>['json'];
export type CreateChannelRequest = InferRequestType<ApiClient['channels']['$post']>['json'];
export type SendMessageRequest = InferRequestType<ApiClient['messages']['$post']>['json'];
