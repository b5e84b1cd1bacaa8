/**
 * DeleteChannel: `DELETE /channels/{type}/{id}[?hard_delete=true]`
 * (https://getstream.io/chat/docs/node/channel_delete/). Soft delete hides the channel and its
 * messages (the record stays, marked `deleted_at`; creating the id again starts a new, empty life).
 * Hard delete removes channel and messages.
 */
import type { Hono } from 'hono';
import { nowTimestamp } from '../clock';
import type { EmulatorContext } from '../context';
import { actingUser, type StreamEnv } from '../env';
import { channelNotFound } from '../errors';
import { operation } from '../operation';
import { authorize } from '../permissions';
import { presentChannel, presentMembers } from '../present';
import { deleteChannel } from '../state-changes';
import { respond } from '../wire';

export function registerChannelDeleteRoute(app: Hono<StreamEnv>, ctx: EmulatorContext): void {
  const { store, deps } = ctx;
  app.delete('/channels/:type/:id', operation('DeleteChannel', deps), (c) => {
    const cid = `${c.req.param('type')}:${c.req.param('id')}`;
    const hard = c.req.query('hard_delete') === 'true';
    // A soft-deleted channel can still be hard-deleted; deleting it softly again is a 404.
    const channel = hard ? store.channels.get(cid) : store.liveChannel(cid);
    if (!channel) throw channelNotFound(cid);
    authorize(store, c.get('auth'), { type: channel.type, channel }, 'DeleteChannel');
    const deletedAt = channel.deleted_at ?? nowTimestamp();
    const wire = {
      ...presentChannel(store, channel),
      deleted_at: deletedAt,
      truncated_at: deletedAt,
      created_by: null,
      members: presentMembers(store, channel, channel.members.size),
    };
    channel.deleted_at = deletedAt;
    deleteChannel(store, channel, hard, actingUser(c.get('auth')));
    return respond(c, { channel: wire });
  });
}
