/**
 * The ground the other scenarios stand on: two users connected over the WebSocket, one sends,
 * the other's watcher state shows it (https://getstream.io/chat/docs/javascript/send_message/).
 */
import { assertEqual } from './assert';
import type { Scenario } from './context';
import { watchTogether } from './set-up';

export const messageReachesWatcher: Scenario = async (ctx) => {
  const [{ channel: mine }, { client: bob, channel: theirs }] = await watchTogether(ctx, 'basics', [
    'alice',
    'bob',
  ]);
  const { message } = await mine.sendMessage({ text: 'hello bob' });
  await ctx.event(bob, 'message.new', (e) => e.message?.id === message.id);
  assertEqual(
    theirs.state.messages.map((m) => m.text),
    ['hello bob'],
    "bob's channel state",
  );
};

/**
 * GetApp with a user token answers the client-side settings: the SDK's composer reads the upload
 * configs before every attachment upload.
 */
export const appSettingsForUsers: Scenario = async (ctx) => {
  await ctx.users('alice');
  await ctx.server.call('updateAppSettings', [
    { file_upload_config: { blocked_file_extensions: ['.exe'], size_limit: 1000 } },
  ]);
  const alice = await ctx.connect('alice');
  const { app } = await alice.getAppSettings();
  assertEqual(app?.file_upload_config?.blocked_file_extensions, ['.exe'], 'file_upload_config');
  assertEqual(app?.image_upload_config?.size_limit, 0, 'image_upload_config default');
  assertEqual(
    (app as Record<string, unknown> | undefined)?.grants,
    undefined,
    'no server-side settings',
  );
};
