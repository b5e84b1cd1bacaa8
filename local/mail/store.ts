/**
 * The mail stand-in's mailbox: every accepted message, and the Idempotency-Keys seen (so a
 * retried send is stored once, as Resend does for 24 hours). Kept in memory and, with a data
 * directory, in `messages.json` there, rewritten after each change.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SendInput } from './validate';

/** A mail as accepted (./validate.ts), with the id and time the stand-in gave it. */
export interface StoredMail extends SendInput {
  id: string;
  created_at: string;
}

interface IdempotencyEntry {
  /** The payload, as JSON: the same key with another payload is refused. */
  payload: string;
  id: string;
  at: number;
}

interface Snapshot {
  messages: StoredMail[];
  keys: Record<string, IdempotencyEntry>;
}

/** Resend keeps an idempotency key for 24 hours. */
const KEY_TTL_MS = 24 * 60 * 60_000;

export class MailStore {
  private messages: StoredMail[] = [];
  private keys = new Map<string, IdempotencyEntry>();
  private readonly file?: string;

  constructor(dataDir?: string) {
    if (!dataDir) return;
    mkdirSync(dataDir, { recursive: true });
    this.file = join(dataDir, 'messages.json');
    try {
      const snapshot = JSON.parse(readFileSync(this.file, 'utf8')) as Snapshot;
      this.messages = snapshot.messages ?? [];
      this.keys = new Map(Object.entries(snapshot.keys ?? {}));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }

  /** The message stored earlier under `key`, or `conflict` when its payload differed. */
  replay(key: string, payload: string): StoredMail | 'conflict' | undefined {
    const entry = this.keys.get(key);
    if (!entry || Date.now() - entry.at > KEY_TTL_MS) return undefined;
    if (entry.payload !== payload) return 'conflict';
    return this.messages.find((m) => m.id === entry.id);
  }

  add(mail: Omit<StoredMail, 'id' | 'created_at'>, idempotency?: { key: string; payload: string }) {
    const stored: StoredMail = {
      ...mail,
      id: crypto.randomUUID(),
      created_at: new Date().toISOString(),
    };
    this.messages.push(stored);
    if (idempotency) {
      this.keys.set(idempotency.key, {
        payload: idempotency.payload,
        id: stored.id,
        at: Date.now(),
      });
    }
    this.save();
    return stored;
  }

  /** Newest first; only those addressed to `to` (any of to, cc, bcc; case-insensitive) if given. */
  list(to?: string): StoredMail[] {
    const wanted = to?.trim().toLowerCase();
    const all = [...this.messages].reverse();
    if (!wanted) return all;
    return all.filter((m) =>
      [...m.to, ...m.cc, ...m.bcc].some((address) => addressOf(address) === wanted),
    );
  }

  clear(): void {
    this.messages = [];
    this.keys.clear();
    this.save();
  }

  private save(): void {
    if (!this.file) return;
    const snapshot: Snapshot = { messages: this.messages, keys: Object.fromEntries(this.keys) };
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(snapshot));
    renameSync(tmp, this.file);
  }
}

/** The bare address of `Name <a@b>` or `a@b`, lower-cased. */
export function addressOf(value: string): string {
  const angle = /<([^>]+)>\s*$/.exec(value);
  return (angle?.[1] ?? value).trim().toLowerCase();
}
