/**
 * Channel uploads as the SDK sends them (`channel.sendImage`, `channel.sendFile`,
 * `deleteImage` / `deleteFile`; https://getstream.io/chat/docs/node/file_uploads/): the answer's
 * URL serves the bytes; grants, ownership, size and type limits refuse with Stream's codes.
 */
import {
  assert,
  assertEqual,
  assertStreamError,
  channelOf,
  type ParityContext,
  users,
} from './b-support';
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
    bytes: new Uint8Array(await response.arrayBuffer()),
  };
}

/** Upload, read back through the URL, delete (own only), and the URL is gone. */
export async function uploadAndDelete(ctx: ParityContext): Promise<void> {
  const [alice, bob] = (await users(ctx, 'alice', 'bob')) as [string, string];
  const { type, id } = await channelOf(ctx, [alice, bob]);
  const aliceChannel = (await ctx.rest(alice)).channel(type, id);
  const bobChannel = (await ctx.rest(bob)).channel(type, id);

  const image = await aliceChannel.sendImage(ctx.file(PNG, 'dot.png', 'image/png'), 'dot.png');
  assert(image.file.startsWith(`${new URL(ctx.baseURL).origin}/`), `image URL ${image.file}`);
  const served = await fetched(image.file);
  assertEqual(
    { status: served.status, type: served.type, bytes: [...served.bytes] },
    { status: 200, type: 'image/png', bytes: [...PNG] },
    'the image as served',
  );

  const file = await bobChannel.sendFile(ctx.file(TEXT, 'notes.txt', 'text/plain'), 'notes.txt');
  assertEqual([...(await fetched(file.file)).bytes], [...TEXT], 'the file as served');

  // Another member's upload: deleting needs delete-attachment, which members hold only as owner.
  await assertStreamError(
    bobChannel.deleteImage(image.file),
    { status: 403, code: 17 },
    "deleting another user's upload",
  );
  await aliceChannel.deleteImage(image.file);
  assertEqual((await fetched(image.file)).status, 404, 'the image after delete');
  await bobChannel.deleteFile(file.file);
  await assertStreamError(
    bobChannel.deleteFile(file.file),
    { status: 404, code: 16 },
    'deleting it again',
  );

  // Server side: the uploader is named in the `user` part.
  const serverUpload = await ctx.server
    .channel(type, id)
    .sendFile(ctx.file(TEXT, 'server.txt', 'text/plain'), 'server.txt', 'text/plain', {
      id: alice,
    } as never);
  assertEqual((await fetched(serverUpload.file)).status, 200, 'a server-side upload');
}

/** Without upload-attachment (outside the channel, or a type whose members lack it): refused. */
export async function uploadRefusedWithoutGrant(ctx: ParityContext): Promise<void> {
  await restrictGamingMembers(ctx);
  const [alice, bob, carol] = (await users(ctx, 'alice', 'bob', 'carol')) as [
    string,
    string,
    string,
  ];
  const { type, id } = await channelOf(ctx, [alice, bob]);
  await assertStreamError(
    (await ctx.rest(carol))
      .channel(type, id)
      .sendFile(ctx.file(TEXT, 'a.txt', 'text/plain'), 'a.txt'),
    { status: 403, code: 17 },
    'an upload by a non-member',
  );
  const gaming = await channelOf(ctx, [alice, bob], 'gaming');
  await assertStreamError(
    (await ctx.rest(bob))
      .channel(gaming.type, gaming.id)
      .sendFile(ctx.file(TEXT, 'a.txt', 'text/plain'), 'a.txt'),
    { status: 403, code: 17 },
    'an upload by a member without upload-attachment',
  );
}

/** Images must be image types; the app's upload config bounds size and extensions. */
export async function uploadLimits(ctx: ParityContext): Promise<void> {
  const [alice, bob] = (await users(ctx, 'alice', 'bob')) as [string, string];
  const { type, id } = await channelOf(ctx, [alice, bob]);
  const channel = (await ctx.rest(alice)).channel(type, id);
  await assertStreamError(
    channel.sendImage(ctx.file(TEXT, 'notes.txt', 'text/plain'), 'notes.txt'),
    { status: 400, code: 4 },
    'a text file as an image',
  );

  await ctx.server.updateAppSettings({
    file_upload_config: { size_limit: 1024, blocked_file_extensions: ['.exe'] },
  } as never);
  try {
    await assertStreamError(
      channel.sendFile(
        ctx.file(new Uint8Array(2048), 'big.bin', 'application/octet-stream'),
        'big.bin',
      ),
      { status: 413, code: 22 },
      'a file over size_limit',
    );
    await assertStreamError(
      channel.sendFile(ctx.file(TEXT, 'setup.exe', 'application/octet-stream'), 'setup.exe'),
      { status: 400, code: 4 },
      'a blocked extension',
    );
    const small = await channel.sendFile(ctx.file(TEXT, 'ok.txt', 'text/plain'), 'ok.txt');
    assert(small.file, 'a file within the limits');
  } finally {
    await ctx.server.updateAppSettings({
      file_upload_config: { size_limit: 0, blocked_file_extensions: [] },
    } as never);
  }
}
