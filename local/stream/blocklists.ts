/**
 * Blocklists (https://getstream.io/chat/docs/node/block_lists/): word lists of the app, kept by
 * name and team, which UpdateChannelType attaches to a channel type (`blocklist` +
 * `blocklist_behavior`, or `blocklists: [{blocklist, behavior}]`). The rules behind
 * routes/blocklists.ts and the channel-type route; message-moderation.ts matches messages.
 *
 * - Only `word` lists are emulated (Stream also has regex, domain and email lists) and none of the
 *   leet, plural, confusable or substring options.
 * - Words: at most 10,000 per list, each at most 40 characters and "in lowercase" (the docs): an
 *   upper-case word is refused here. A word with a space or a hyphen is refused too: Stream splits
 *   messages into words at spaces and hyphens, so such an entry could never match (our rule).
 * - At most 15 lists per app (the docs; the built-in list is not counted here).
 * - The built-in `profanity_en_2020_v1` is listed and may be attached, but its words are Stream's
 *   and not published: here it is empty and matches nothing. Updating or deleting it is refused
 *   with the wording Stream's own tests saw (stream-chat-js `test/integration/moderation.js`,
 *   2021).
 * - Lists with a `team` are stored and listed per team; channel types attach lists by name, and
 *   that name means the list without a team (team lists belong to moderation v2 team policies,
 *   which are not emulated).
 * - Deleting a list detaches it from every channel type.
 */
import { nowTimestamp } from './clock';
import { ErrorCode, inputError, StreamError } from './errors';
import { LIMITS } from './limits';
import type {
  BlocklistBehavior,
  BlocklistRecord,
  ChannelTypeState,
  StreamStore,
  TypeBlocklists,
} from './store';

export const BUILT_IN_BLOCKLIST = 'profanity_en_2020_v1';

/** Where a blocklist is kept in `store.blocklists`: name and team together. */
export function blocklistKey(name: string, team?: string): string {
  return JSON.stringify([team ?? '', name]);
}

/** The built-in list as a record: fixed creation time, no words. */
const builtIn: BlocklistRecord = {
  name: BUILT_IN_BLOCKLIST,
  type: 'word',
  words: [],
  created_at: '2020-01-01T00:00:00.000000Z',
  updated_at: '2020-01-01T00:00:00.000000Z',
};

/** Our wording: Stream's for an unknown list is not published. */
const notFound = (name: string) =>
  new StreamError(404, ErrorCode.DoesNotExist, `blocklist "${name}" does not exist`);

/** A list by name and team (the built-in one has no team); undefined when there is none. */
export function findBlocklist(
  store: StreamStore,
  name: string,
  team?: string,
): BlocklistRecord | undefined {
  if (name === BUILT_IN_BLOCKLIST && team === undefined) return builtIn;
  return store.blocklists.get(blocklistKey(name, team));
}

export function blocklistOrFail(store: StreamStore, name: string, team?: string): BlocklistRecord {
  const list = findBlocklist(store, name, team);
  if (!list) throw notFound(name);
  return list;
}

/** Every list, the built-in one first; `team` narrows to that team's lists. */
export function listBlocklists(store: StreamStore, team?: string): BlocklistRecord[] {
  const custom = [...store.blocklists.values()];
  if (team !== undefined) return custom.filter((list) => list.team === team);
  return [builtIn, ...custom];
}

export function assertWords(words: readonly string[]): void {
  if (words.length > LIMITS.blocklistWordsMaxCount) {
    throw inputError(`words must contain at most ${LIMITS.blocklistWordsMaxCount} items`);
  }
  for (const word of words) {
    if (word === '' || [...word].length > LIMITS.blocklistWordMaxChars) {
      throw inputError(
        `blocklist word "${word}" must be between 1 and ${LIMITS.blocklistWordMaxChars} characters`,
      );
    }
    if (word !== word.toLowerCase()) {
      throw inputError(`blocklist word "${word}" must be in lowercase`);
    }
    if (/[\s-]/u.test(word)) {
      throw inputError(
        `blocklist word "${word}" must be a single word: messages are split at spaces and hyphens`,
      );
    }
  }
}

function assertCustom(name: string, action: 'update' | 'delete'): void {
  if (name === BUILT_IN_BLOCKLIST) {
    throw inputError(`cannot ${action} the builtin block list "${BUILT_IN_BLOCKLIST}"`);
  }
}

export interface BlocklistInput {
  name: string;
  words: string[];
  team?: string;
}

export function createBlocklist(store: StreamStore, input: BlocklistInput): BlocklistRecord {
  if (input.name === '') throw inputError('name is a required field');
  if (findBlocklist(store, input.name, input.team)) {
    throw inputError(`blocklist "${input.name}" already exists`);
  }
  if (store.blocklists.size >= LIMITS.blocklistsMaxCount) {
    throw inputError(`an app can have at most ${LIMITS.blocklistsMaxCount} blocklists`);
  }
  assertWords(input.words);
  const at = nowTimestamp();
  const list: BlocklistRecord = {
    name: input.name,
    type: 'word',
    ...(input.team !== undefined ? { team: input.team } : {}),
    words: [...input.words],
    created_at: at,
    updated_at: at,
  };
  store.blocklists.set(blocklistKey(list.name, list.team), list);
  store.emit({ type: 'state.changed' });
  return list;
}

/** Replaces the words (UpdateBlockList). */
export function updateBlocklist(store: StreamStore, list: BlocklistRecord, words: string[]): void {
  assertCustom(list.name, 'update');
  assertWords(words);
  list.words = [...words];
  list.updated_at = nowTimestamp();
  store.emit({ type: 'state.changed' });
}

export function deleteBlocklist(store: StreamStore, list: BlocklistRecord): void {
  assertCustom(list.name, 'delete');
  store.blocklists.delete(blocklistKey(list.name, list.team));
  if (list.team === undefined) {
    for (const state of store.channelTypes.values()) detach(state, list.name);
  }
  store.emit({ type: 'state.changed' });
}

function detach(state: ChannelTypeState, name: string): void {
  const moderation = state.moderation;
  if (!moderation) return;
  if (moderation.blocklist === name) {
    delete moderation.blocklist;
    delete moderation.blocklist_behavior;
  }
  if (moderation.blocklists) {
    moderation.blocklists = moderation.blocklists.filter((entry) => entry.blocklist !== name);
  }
}

/** UpdateChannelType's blocklist fields: every named list must exist (as an app list). */
export function assertAttachable(store: StreamStore, attached: TypeBlocklists): void {
  const names = [
    ...(attached.blocklist ? [attached.blocklist] : []),
    ...(attached.blocklists ?? []).map((entry) => entry.blocklist),
  ];
  for (const name of names) {
    if (!findBlocklist(store, name)) throw notFound(name);
  }
}

/** The lists a channel type applies, each with its behavior (`blocklist_behavior` defaults to flag). */
export function attachedBlocklists(
  store: StreamStore,
  type: string,
): { list: BlocklistRecord; behavior: BlocklistBehavior }[] {
  const moderation = store.channelTypes.get(type)?.moderation;
  if (!moderation) return [];
  const entries = [
    ...(moderation.blocklist
      ? [{ blocklist: moderation.blocklist, behavior: moderation.blocklist_behavior ?? 'flag' }]
      : []),
    ...(moderation.blocklists ?? []),
  ];
  return entries.flatMap((entry) => {
    const list = findBlocklist(store, entry.blocklist);
    return list ? [{ list, behavior: entry.behavior }] : [];
  });
}

/** BlockListResponse of the OpenAPI document. */
export function presentBlocklist(list: BlocklistRecord): Record<string, unknown> {
  return {
    name: list.name,
    type: list.type,
    ...(list.team !== undefined ? { team: list.team } : {}),
    words: [...list.words],
    is_leet_check_enabled: false,
    is_plural_check_enabled: false,
    is_confusable_folding_enabled: false,
    is_substring_matching_enabled: false,
    created_at: list.created_at,
    updated_at: list.updated_at,
  };
}
