/**
 * Channel uploads as the SDK sends them from a user client (`channel.sendImage`,
 * `channel.sendFile`, `deleteImage` / `deleteFile`;
 * https://getstream.io/chat/docs/node/file_uploads/): the answer's URL serves the bytes; grants,
 * ownership, size and type limits refuse with Stream's codes. A server-side upload (its body
 * cannot cross from a page) is in test/node/stream-emulator/uploads-restart-webhooks.test.ts.
 */
import { assert, assertEqual, assertRejects } from './assert';
import type { Scenario } from './context';
import { restrictGamingMembers } from './mutes-events';

/** A 1×1 PNG. */
const PNG = Uint8Array.from(
  atob(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  ),
  (char) => char.charCodeAt(0),
);
const TEXT = new TextEncoder().encode('hello from a file\n');

async function fetched(url: string) {
  const response = await fetch(url);
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    bytes: [...new Uint8Array(await response.arrayBuffer())],
  };
}

/** Upload, read back through the URL, delete (own only), and the URL is gone. */
export const uploadAndDelete: Scenario = async (ctx) => {
  await ctx.users('alice', 'bob');
  await ctx.channel('files', ['alice', 'bob']);
  const aliceChannel = (await ctx.rest('alice')).channel('messaging', 'files');
  const bobChannel = (await ctx.rest('bob')).channel('messaging', 'files');

  const image = await aliceChannel.sendImage(ctx.file(PNG, 'dot.png', 'image/png'), 'dot.png');
  assert(image.file.startsWith(`${new URL(ctx.baseURL).origin}/`), `image URL ${image.file}`);
  assertEqual(
    await fetched(image.file),
    { status: 200, type: 'image/png', bytes: [...PNG] },
    'the image as served',
  );

  const file = await bobChannel.sendFile(ctx.file(TEXT, 'notes.txt', 'text/plain'), 'notes.txt');
  assertEqual((await fetched(file.file)).bytes, [...TEXT], 'the file as served');

  // Another member's upload: deleting needs delete-attachment, which members hold only as owner.
  await assertRejects(
    bobChannel.deleteImage(image.file),
    { status: 403, code: 17 },
    "deleting another user's upload",
  );
  await aliceChannel.deleteImage(image.file);
  assertEqual((await fetched(image.file)).status, 404, 'the image after delete');
  await bobChannel.deleteFile(file.file);
  await assertRejects(
    bobChannel.deleteFile(file.file),
    { status: 404, code: 16 },
    'deleting it again',
  );
};

/** Without upload-attachment (outside the channel, or a type whose members lack it): refused. */
export const uploadRefusedWithoutGrant: Scenario = async (ctx) => {
  await restrictGamingMembers(ctx);
  await ctx.users('alice', 'bob', 'carol');
  await ctx.channel('files', ['alice', 'bob']);
  await ctx.channel('game', ['alice', 'bob'], {}, 'gaming');
  const upload = async (userId: string, type: string, id: string) =>
    (await ctx.rest(userId))
      .channel(type, id)
      .sendFile(ctx.file(TEXT, 'a.txt', 'text/plain'), 'a.txt');
  await assertRejects(
    upload('carol', 'messaging', 'files'),
    { status: 403, code: 17 },
    'an upload by a non-member',
  );
  await assertRejects(
    upload('bob', 'gaming', 'game'),
    { status: 403, code: 17 },
    'an upload by a member without upload-attachment',
  );
};

/** Images must be image types; the app's upload config bounds size and extensions. */
export const uploadLimits: Scenario = async (ctx) => {
  await ctx.users('alice', 'bob');
  await ctx.channel('files', ['alice', 'bob']);
  const channel = (await ctx.rest('alice')).channel('messaging', 'files');
  await assertRejects(
    channel.sendImage(ctx.file(TEXT, 'notes.txt', 'text/plain'), 'notes.txt'),
    { status: 400, code: 4 },
    'a text file as an image',
  );

  await ctx.server.call('updateAppSettings', [
    { file_upload_config: { size_limit: 1024, blocked_file_extensions: ['.exe'] } },
  ]);
  const big = ctx.file(new Uint8Array(2048), 'big.bin', 'application/octet-stream');
  await assertRejects(
    channel.sendFile(big, 'big.bin'),
    { status: 413, code: 22 },
    'a file over size_limit',
  );
  await assertRejects(
    channel.sendFile(ctx.file(TEXT, 'setup.exe', 'application/octet-stream'), 'setup.exe'),
    { status: 400, code: 4 },
    'a blocked extension',
  );
  const small = await channel.sendFile(ctx.file(TEXT, 'ok.txt', 'text/plain'), 'ok.txt');
  assert(small.file, 'a file within the limits');
};
