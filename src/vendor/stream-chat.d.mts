// Types of the generated stream-chat.mjs (scripts/vendor-stream-sdk.mjs): the SDK's own.
export { StreamChat } from 'stream-chat';
