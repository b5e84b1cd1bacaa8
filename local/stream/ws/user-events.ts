/**
 * Events about users rather than one channel's content
 * (https://getstream.io/chat/docs/node/event_object/): presence to watchers of the user's channels,
 * user.watching.start/stop to the channel's watchers,
 * bans to the watchers of the channels they apply to, mute changes (users and channels) and
 * SendUserCustomEvent to the user's own connections; a deactivation closes the user's connections.
 * user.updated and state.changed reach no client.
 */
import { nowTimestamp } from '../clock';
import type { StreamEvent } from '../events';
import { presentUser } from '../present';
import type { StreamStore } from '../store';
import type { ConnectionRegistry } from './connections';
import type { Fanout } from './fanout';
import { presentMe } from './me';

export function routeUserEvent(
  event: StreamEvent,
  store: StreamStore,
  registry: ConnectionRegistry,
  { base, send, watchers, userWire }: Fanout,
): void {
  switch (event.type) {
    case 'user.presence.changed': {
      const { user, online } = event;
      // An invisible user appears offline: coming and going is not announced.
      if (user.invisible) return;
      // Presence goes to whoever watches a channel the user is a member of.
      const interested = registry
        .all()
        .filter((c) =>
          [...c.watching].some((cid) => store.channels.get(cid)?.members.has(user.id)),
        );
      send(interested, {
        type: 'user.presence.changed',
        user: { ...presentUser(store, user), online },
        created_at: nowTimestamp(),
      });
      return;
    }
    case 'user.watching.start':
    case 'user.watching.stop': {
      // Invisible users appear offline, so their watching is not announced either [Unsure].
      const user = store.users.get(event.userId);
      if (!user || user.invisible) return;
      // To every watcher, the user's own connections included [Unsure]: the SDK files it
      // under `state.watchers` either way and the React kit leaves its own user out.
      send(watchers(event.channel.cid), {
        ...base(event.type, event.channel),
        ...userWire(event.userId),
      });
      return;
    }
    case 'user.banned':
    case 'user.unbanned': {
      // Channel bans go to that channel's watchers; app bans to watchers of the user's channels.
      const channels = event.channel
        ? [event.channel]
        : [...store.channels.values()].filter((ch) => ch.members.has(event.userId));
      for (const channel of channels) {
        const { ban } = event;
        send(watchers(channel.cid), {
          ...base(event.type, channel),
          ...userWire(event.userId),
          ...(ban?.expires ? { expiration: ban.expires } : {}),
          ...(ban?.reason ? { reason: ban.reason } : {}),
          ...(ban?.banned_by_id ? { created_by: userWire(ban.banned_by_id).user } : {}),
        });
      }
      return;
    }
    case 'user.mutes.updated': {
      const user = store.users.get(event.userId);
      if (!user) return;
      send(registry.forUser(event.userId), {
        type: 'notification.mutes_updated',
        me: presentMe(store, user),
        created_at: nowTimestamp(),
      });
      return;
    }
    case 'channel.mutes.updated': {
      // The SDK replaces `client.mutedChannels` with `me.channel_mutes` of this event.
      const user = store.users.get(event.userId);
      if (!user) return;
      send(registry.forUser(event.userId), {
        type: 'notification.channel_mutes_updated',
        me: presentMe(store, user),
        created_at: nowTimestamp(),
      });
      return;
    }
    case 'user.custom':
      send(registry.forUser(event.userId), { ...event.event, created_at: nowTimestamp() });
      return;
    case 'user.deactivated':
      // A deactivated user "cannot connect": open connections end (1000: the SDK does not retry).
      for (const connection of registry.forUser(event.user.id)) {
        connection.close(1000, 'user was deactivated');
      }
      return;
    default:
      return;
  }
}
