/**
 * The local record of hook calls behind `/__control/webhooks` and `/__control/before-send`:
 * newest first, at most `max` entries (older ones drop off). Entries are live objects: a
 * delivery still retrying shows the attempts made so far and `outcome: "pending"`.
 */
export class HookRecord<T> {
  private entries: T[] = [];

  constructor(private readonly max: number) {}

  add(entry: T): void {
    this.entries.unshift(entry);
    if (this.entries.length > this.max) this.entries.length = this.max;
  }

  list(): T[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries = [];
  }
}
