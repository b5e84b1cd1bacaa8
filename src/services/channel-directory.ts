/**
 * Which tenant a Stream channel belongs to. That never changes, so once read from the database
 * it is kept for the isolate's life: reading messages of a known channel costs no DB trip.
 * Bounded so a flood of ids cannot grow the isolate's memory without limit.
 */
const MAX_ENTRIES = 10_000;
const tenantOf = new Map<string, string>();

export function rememberChannelTenant(streamId: string, tenantId: string): void {
  if (tenantOf.size >= MAX_ENTRIES) {
    // Maps iterate in insertion order: drop the oldest entry.
    const oldest = tenantOf.keys().next().value;
    if (oldest !== undefined) tenantOf.delete(oldest);
  }
  tenantOf.set(streamId, tenantId);
}

export function knownChannelTenant(streamId: string): string | undefined {
  return tenantOf.get(streamId);
}

/** Users known to be Stream members of a channel (per isolate), so sends skip addMembers. */
const membersOf = new Map<string, Set<string>>();

export function rememberChannelMember(streamId: string, userId: string): void {
  if (!membersOf.has(streamId) && membersOf.size >= MAX_ENTRIES) {
    const oldest = membersOf.keys().next().value;
    if (oldest !== undefined) membersOf.delete(oldest);
  }
  let members = membersOf.get(streamId);
  if (!members) {
    members = new Set();
    membersOf.set(streamId, members);
  }
  members.add(userId);
}

export function isKnownChannelMember(streamId: string, userId: string): boolean {
  return membersOf.get(streamId)?.has(userId) ?? false;
}

export function forgetChannelMember(streamId: string, userId: string): void {
  membersOf.get(streamId)?.delete(userId);
}
