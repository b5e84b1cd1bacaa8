/**
 * Emulator state on disk, so `npm run dev` keeps Stream's users, channels and messages
 * across restarts like PGlite keeps the database (`.data/stream/state.json`).
 *
 * Writes are debounced (every change emits on the store's bus) and atomic: the snapshot
 * goes to `state.json.tmp`, is fsynced, then renamed over `state.json`. A crash or Ctrl-C
 * mid-write leaves the previous `state.json` whole and at most a stray temp file, which is
 * never read (and is deleted on the next start). `close()` flushes synchronously.
 */
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { blocklistKey } from './blocklists';
import type {
  AppSettings,
  BlocklistRecord,
  ChannelRecord,
  ChannelTypeState,
  MemberRecord,
  MessageRecord,
  ReactionRecord,
  ReadRecord,
  StreamStore,
  UploadRecord,
  UserRecord,
} from './store';

const STATE_FILE = 'state.json';
const TEMP_FILE = 'state.json.tmp';
const DEBOUNCE_MS = 200;

type StoredChannel = Omit<ChannelRecord, 'members'> & { members: MemberRecord[] };

interface Snapshot {
  version: 1;
  users: UserRecord[];
  channels: StoredChannel[];
  /** All messages in insertion order (per-channel order is rebuilt from it). */
  messages: MessageRecord[];
  reactions: [string, ReactionRecord[]][];
  reads: [string, [string, ReadRecord][]][];
  app: AppSettings;
  channelTypes: [string, ChannelTypeState][];
  /** Absent from files written before blocklists were kept. */
  blocklists?: BlocklistRecord[];
  /** Uploaded files' records (the bytes are in `uploads/`); absent from older files. */
  uploads?: UploadRecord[];
  nextIncarnation: number;
}

/**
 * The file is ours, so the check is structural: the right version and collections of
 * objects with ids. It guards against a hand-edited or foreign file, not every field.
 */
const record = z.looseObject({});
const snapshotSchema = z.object({
  version: z.literal(1),
  users: z.array(z.looseObject({ id: z.string() })),
  channels: z.array(z.looseObject({ cid: z.string(), members: z.array(record) })),
  messages: z.array(z.looseObject({ id: z.string(), cid: z.string() })),
  reactions: z.array(z.tuple([z.string(), z.array(record)])),
  reads: z.array(z.tuple([z.string(), z.array(z.tuple([z.string(), record]))])),
  app: z.looseObject({ multi_tenant_enabled: z.boolean(), extra: record }),
  channelTypes: z.array(z.tuple([z.string(), record])),
  blocklists: z.array(z.looseObject({ name: z.string() })).optional(),
  uploads: z.array(z.looseObject({ id: z.string() })).optional(),
  nextIncarnation: z.number().int().positive(),
});

export function snapshotOf(store: StreamStore): Snapshot {
  return {
    version: 1,
    users: [...store.users.values()],
    channels: [...store.channels.values()].map((c) => ({ ...c, members: [...c.members.values()] })),
    messages: [...store.messages.values()],
    reactions: [...store.reactions],
    reads: [...store.reads].map(([cid, reads]) => [cid, [...reads]]),
    app: store.app,
    channelTypes: [...store.channelTypes],
    blocklists: [...store.blocklists.values()],
    uploads: [...store.uploads.values()],
    nextIncarnation: store.nextIncarnation,
  };
}

/** Replaces the store's contents with a snapshot (validated by `snapshotSchema`). */
export function restoreInto(store: StreamStore, raw: unknown): void {
  // Structure checked above; the record fields were written by snapshotOf.
  const snapshot = snapshotSchema.parse(raw) as unknown as Snapshot;
  store.users = new Map(snapshot.users.map((u) => [u.id, u]));
  store.channels = new Map(
    snapshot.channels.map((c) => [
      c.cid,
      { ...c, members: new Map(c.members.map((m) => [m.user_id, m])) },
    ]),
  );
  store.messages = new Map();
  store.channelMessages = new Map();
  for (const message of snapshot.messages) store.addMessage(message);
  store.reactions = new Map(snapshot.reactions);
  store.reads = new Map(snapshot.reads.map(([cid, reads]) => [cid, new Map(reads)]));
  store.app = snapshot.app;
  store.channelTypes = new Map(snapshot.channelTypes);
  store.blocklists = new Map(
    (snapshot.blocklists ?? []).map((list) => [blocklistKey(list.name, list.team), list]),
  );
  store.uploads = new Map((snapshot.uploads ?? []).map((upload) => [upload.id, upload]));
  store.nextIncarnation = snapshot.nextIncarnation;
}

function writeAtomically(dir: string, content: string): void {
  const temp = join(dir, TEMP_FILE);
  const fd = openSync(temp, 'w');
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, join(dir, STATE_FILE));
}

export interface Persistence {
  /** Writes any pending change now (synchronously) and stops listening. */
  close(): void;
}

/**
 * Loads `dir/state.json` into the store (if present) and saves every later change.
 * An unreadable state file is moved aside (`state.json.corrupt-<time>`) rather than
 * silently overwritten, and the emulator starts empty.
 */
export function persistStore(
  store: StreamStore,
  dir: string,
  log: (line: string) => void,
): Persistence {
  mkdirSync(dir, { recursive: true });
  rmSync(join(dir, TEMP_FILE), { force: true });
  const file = join(dir, STATE_FILE);
  let text: string | undefined;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    text = undefined;
  }
  if (text !== undefined) {
    try {
      restoreInto(store, JSON.parse(text));
    } catch (error) {
      const aside = `${file}.corrupt-${Date.now()}`;
      renameSync(file, aside);
      log(`stream state in ${file} is unreadable (${String(error)}); moved to ${aside}`);
    }
  }

  let timer: NodeJS.Timeout | undefined;
  const save = () => {
    timer = undefined;
    try {
      writeAtomically(dir, JSON.stringify(snapshotOf(store)));
    } catch (error) {
      log(`could not save stream state to ${file}: ${String(error)}`);
    }
  };
  const unsubscribe = store.events.on(() => {
    timer ??= setTimeout(save, DEBOUNCE_MS);
  });
  return {
    close() {
      unsubscribe();
      if (timer) {
        clearTimeout(timer);
        save();
      }
    },
  };
}
