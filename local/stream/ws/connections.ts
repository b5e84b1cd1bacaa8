/**
 * Open client connections and what each one watches.
 *
 * Watches belong to a connection, not a user: the SDK re-watches its active channels on every
 * reconnect (`recoverState` in
 * https://github.com/GetStream/stream-chat-js/blob/master/src/client.ts), so dropping a
 * connection's watches when it closes is what Stream does and keeps stale subscriptions out.
 *
 * Routes get the narrow `Watches` view (subscribe, unsubscribe, count, list); only the
 * WebSocket modules hold `ClientConnection`s, which wrap the sockets.
 *
 * Watching is reported per user, not per connection: `onWatching` hears a user start watching a
 * channel when their first connection watches it, and stop when their last one stops (stop-watching,
 * removal from the channel, or the connection closing). [Unsure] Stream does not say whether a
 * second tab on the same channel sends `user.watching.start` again; per user keeps `watchers` (a
 * map by user id in the SDK) and `watcher_count` (distinct users) in step with the events.
 */
import { inputError } from '../errors';
import type { Wire } from '../present';

export interface ClientConnection {
  readonly id: string;
  readonly userId: string;
  readonly watching: Set<string>;
  send(event: Wire): void;
  /** Ends the connection from the server side (code 1000 = no reconnect). */
  close(code: number, reason: string): void;
}

/** What routes may do with connections: `watch: true` subscribes, stop-watching ends it. */
export interface Watches {
  /** Throws Stream's code-4 error when the connection is unknown or another user's. */
  assertOpen(connectionId: string, userId: string | undefined): void;
  watch(connectionId: string, userId: string | undefined, cid: string): void;
  stopWatching(connectionId: string, cid: string): void;
  /** Distinct users watching `cid`. */
  watcherCount(cid: string): number;
  /** Ids of the users watching `cid` (in the order their connections opened). */
  watcherIds(cid: string): string[];
  /** Whether the user has an open connection (presence). */
  isOnline(userId: string): boolean;
}

/** A user started (true) or stopped (false) watching a channel. */
export type WatchingListener = (cid: string, userId: string, watching: boolean) => void;

export class ConnectionRegistry implements Watches {
  private readonly connections = new Map<string, ClientConnection>();

  constructor(private readonly onWatching: WatchingListener = () => {}) {}

  add(connection: ClientConnection): void {
    this.connections.set(connection.id, connection);
  }

  /** A closed connection: its user stops watching what no other connection of theirs watches. */
  remove(connectionId: string): ClientConnection | undefined {
    const connection = this.connections.get(connectionId);
    this.connections.delete(connectionId);
    if (connection) {
      for (const cid of connection.watching) this.stopped(cid, connection.userId);
    }
    return connection;
  }

  all(): ClientConnection[] {
    return [...this.connections.values()];
  }

  forUser(userId: string): ClientConnection[] {
    return this.all().filter((connection) => connection.userId === userId);
  }

  isOnline(userId: string): boolean {
    return this.all().some((connection) => connection.userId === userId);
  }

  assertOpen(connectionId: string, userId: string | undefined): ClientConnection {
    const connection = this.connections.get(connectionId);
    // [Unsure] Stream's wording for a stale or foreign connection_id; ours names the problem.
    if (!connection || (userId !== undefined && connection.userId !== userId)) {
      throw inputError(`connection_id "${connectionId}" is not an open connection of this user`);
    }
    return connection;
  }

  watch(connectionId: string, userId: string | undefined, cid: string): void {
    const connection = this.assertOpen(connectionId, userId);
    const started = !this.isWatching(cid, connection.userId);
    connection.watching.add(cid);
    if (started) this.onWatching(cid, connection.userId, true);
  }

  stopWatching(connectionId: string, cid: string): void {
    const connection = this.connections.get(connectionId);
    if (connection?.watching.delete(cid)) this.stopped(cid, connection.userId);
  }

  /**
   * A removed member stops watching the channel (reported); a deleted channel (no `userId`)
   * drops every watch silently, as there is no channel left to watch.
   */
  dropWatches(cid: string, userId?: string): void {
    const wasWatching = userId !== undefined && this.isWatching(cid, userId);
    for (const connection of this.connections.values()) {
      if (userId === undefined || connection.userId === userId) connection.watching.delete(cid);
    }
    if (userId !== undefined) this.stopped(cid, userId, wasWatching);
  }

  watcherCount(cid: string): number {
    return this.watcherIds(cid).length;
  }

  watcherIds(cid: string): string[] {
    const users = new Set<string>();
    for (const connection of this.connections.values()) {
      if (connection.watching.has(cid)) users.add(connection.userId);
    }
    return [...users];
  }

  private isWatching(cid: string, userId: string): boolean {
    return this.all().some((c) => c.userId === userId && c.watching.has(cid));
  }

  /** Reports a stop once the user's last connection no longer watches `cid`. */
  private stopped(cid: string, userId: string, wasWatching = true): void {
    if (wasWatching && !this.isWatching(cid, userId)) this.onWatching(cid, userId, false);
  }

  closeAll(code: number, reason: string): void {
    for (const connection of this.connections.values()) connection.close(code, reason);
    this.connections.clear();
  }
}
