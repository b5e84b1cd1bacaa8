/**
 * The one value the Worker takes from stream-chat, behind a module boundary so `client.ts` can
 * load it on first use (`await import('./sdk')`). The bundler then evaluates the SDK (and axios)
 * only when a request first talks to Stream: routes that never do (sign-in, refresh, lists,
 * /stream/token) start their isolate without it. Re-exporting one name, not importing
 * stream-chat itself dynamically, keeps the SDK tree-shaken to what StreamChat reaches.
 */
export { StreamChat } from 'stream-chat';
