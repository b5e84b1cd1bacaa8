/**
 * Open client connections and what each one watches.
 *
 * Watches belong to a connection, not a user: the SDK re-watches its active channels on every
 * reconnect (`recoverState` in
 * https://github.com/GetStream/stream-chat-js/blob/master/src/client.ts), so dropping a
 * connection's watches when it closes is what Stream does and keeps stale subscriptions out.
 *
 * Routes get the narrow `Watches` view (subscribe, unsubscribe, count); only the WebSocket
 * modules hold `ClientConnection`s, which wrap the sockets.
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
  /** Whether the user has an open connection (presence). */
  isOnline(userId: string): boolean;
}

export class ConnectionRegistry implements Watches {
  private readonly connections = new Map<string, ClientConnection>();

  add(connection: ClientConnection): void {
    this.connections.set(connection.id, connection);
  }

  remove(connectionId: string): ClientConnection | undefined {
    const connection = this.connections.get(connectionId);
    this.connections.delete(connectionId);
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
    this.assertOpen(connectionId, userId).watching.add(cid);
  }

  stopWatching(connectionId: string, cid: string): void {
    this.connections.get(connectionId)?.watching.delete(cid);
  }

  /** A removed member (or a deleted channel) stops being watched by that user. */
  dropWatches(cid: string, userId?: string): void {
    for (const connection of this.connections.values()) {
      if (userId === undefined || connection.userId === userId) connection.watching.delete(cid);
    }
  }

  watcherCount(cid: string): number {
    const users = new Set<string>();
    for (const connection of this.connections.values()) {
      if (connection.watching.has(cid)) users.add(connection.userId);
    }
    return users.size;
  }

  closeAll(code: number, reason: string): void {
    for (const connection of this.connections.values()) connection.close(code, reason);
    this.connections.clear();
  }
}
