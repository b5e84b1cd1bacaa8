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
