/**
 * Query-channels filters and sorting (https://getstream.io/chat/docs/node/query_channels/): a
 * Mongo-style subset evaluated against stored channels. Anything outside the subset is refused with
 * a code-4 error rather than silently matching everything — a wrong filter should fail loudly in
 * local runs.
 *
 * Fields: type, id, cid, team, members, created_by_id, frozen, disabled, member_count,
 * created_at, updated_at, last_message_at, and custom fields (dotted paths for nested ones).
 * Operators: $eq, $ne, $in, $nin, $gt, $gte, $lt, $lte, $exists, $contains, $autocomplete,
 * and the logical $and, $or, $nor.
 */
import { isRecord } from './body';
import { timestampMicros } from './clock';
import { inputError } from './errors';
import type { ChannelRecord } from './store';

const TIMESTAMP_FIELDS = new Set(['created_at', 'updated_at', 'last_message_at', 'last_updated']);

/** The value a filter or sort sees for `field` on `channel`. */
export function channelField(channel: ChannelRecord, field: string): unknown {
  switch (field) {
    case 'type':
    case 'id':
    case 'cid':
    case 'team':
    case 'created_by_id':
    case 'frozen':
    case 'disabled':
    case 'created_at':
    case 'updated_at':
    case 'last_message_at':
      return channel[field];
    case 'members':
      return [...channel.members.keys()];
    case 'member_count':
      return channel.members.size;
    case 'last_updated': {
      // The later of the last message and the last channel update.
      const last = channel.last_message_at;
      return last && last > channel.updated_at ? last : channel.updated_at;
    }
    default: {
      let node: unknown = channel.custom;
      for (const key of field.split('.')) {
        if (!isRecord(node)) return undefined;
        node = node[key];
      }
      return node;
    }
  }
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Orders two values of the same kind; timestamps by instant. Undefined when incomparable. */
export function compareValues(field: string, a: unknown, b: unknown): number | undefined {
  if (TIMESTAMP_FIELDS.has(field) && typeof a === 'string' && typeof b === 'string') {
    const ta = timestampMicros(a);
    const tb = timestampMicros(b);
    if (ta === undefined || tb === undefined) return undefined;
    return ta - tb;
  }
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return undefined;
}

function requireArray(field: string, op: string, operand: unknown): unknown[] {
  if (!Array.isArray(operand))
    throw inputError(`operator ${op} of field "${field}" expects an array`);
  return operand;
}

function matchOperator(field: string, value: unknown, op: string, operand: unknown): boolean {
  const isMembers = field === 'members';
  switch (op) {
    case '$eq':
      // members: {$eq: [...]} is the exact member set.
      if (isMembers && Array.isArray(operand) && Array.isArray(value)) {
        const want = new Set(operand);
        return value.length === want.size && value.every((id) => want.has(id));
      }
      if (isMembers && Array.isArray(value)) return value.includes(operand);
      return equal(value, operand);
    case '$ne':
      return !matchOperator(field, value, '$eq', operand);
    case '$in': {
      const list = requireArray(field, op, operand);
      if (Array.isArray(value)) return value.some((v) => list.some((o) => equal(v, o)));
      return list.some((o) => equal(value, o));
    }
    case '$nin':
      return !matchOperator(field, value, '$in', operand);
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte': {
      const order = compareValues(field, value, operand);
      if (order === undefined) return false;
      if (op === '$gt') return order > 0;
      if (op === '$gte') return order >= 0;
      if (op === '$lt') return order < 0;
      return order <= 0;
    }
    case '$exists':
      if (typeof operand !== 'boolean') {
        throw inputError(`operator $exists of field "${field}" expects a boolean`);
      }
      return (value !== undefined && value !== null) === operand;
    case '$contains':
      return Array.isArray(value) && value.some((v) => equal(v, operand));
    case '$autocomplete': {
      if (typeof value !== 'string' || typeof operand !== 'string') return false;
      const prefix = operand.toLowerCase();
      return value
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .some((word) => word.startsWith(prefix));
    }
    default:
      throw inputError(`operator ${op} is not supported for field "${field}"`);
  }
}

function matchField(field: string, value: unknown, condition: unknown): boolean {
  if (isRecord(condition) && Object.keys(condition).some((k) => k.startsWith('$'))) {
    return Object.entries(condition).every(([op, operand]) =>
      matchOperator(field, value, op, operand),
    );
  }
  // A bare value means $eq.
  return matchOperator(field, value, '$eq', condition);
}

export function matchesFilter(channel: ChannelRecord, filter: Record<string, unknown>): boolean {
  return matchesRecord(channel, filter, channelField);
}

/** The filter language over any record, given how to read a field (users use it too). */
export function matchesRecord<T>(
  record: T,
  filter: Record<string, unknown>,
  fieldOf: (record: T, field: string) => unknown,
): boolean {
  return Object.entries(filter).every(([key, condition]) => {
    if (key === '$and' || key === '$or' || key === '$nor') {
      const parts = requireArray(key, key, condition).map((part) => {
        if (!isRecord(part)) throw inputError(`${key} expects an array of filter objects`);
        return matchesRecord(record, part, fieldOf);
      });
      if (key === '$and') return parts.every(Boolean);
      if (key === '$or') return parts.some(Boolean);
      return !parts.some(Boolean);
    }
    if (key.startsWith('$')) throw inputError(`operator ${key} is not supported at the top level`);
    return matchField(key, fieldOf(record, key), condition);
  });
}

export interface SortEntry {
  field: string;
  direction: number;
}

/** Default order of Stream's query channels. */
export const DEFAULT_CHANNEL_SORT: SortEntry[] = [{ field: 'last_updated', direction: -1 }];

/**
 * Sorts by the entries in order. Channels without a value for a field (e.g. no messages
 * yet for `last_message_at`) come last in either direction; ties fall back to the cid.
 */
export function sortChannels(channels: ChannelRecord[], sort: SortEntry[]): ChannelRecord[] {
  return sortRecords(channels, sort, channelField, (channel) => channel.cid);
}

export function sortRecords<T>(
  records: T[],
  sort: SortEntry[],
  fieldOf: (record: T, field: string) => unknown,
  keyOf: (record: T) => string,
): T[] {
  for (const { field, direction } of sort) {
    if (direction !== 1 && direction !== -1) {
      throw inputError(`sort direction of field "${field}" must be 1 or -1`);
    }
  }
  return [...records].sort((a, b) => {
    for (const { field, direction } of sort) {
      const va = fieldOf(a, field);
      const vb = fieldOf(b, field);
      const aMissing = va === undefined || va === null;
      const bMissing = vb === undefined || vb === null;
      if (aMissing || bMissing) {
        if (aMissing && bMissing) continue;
        return aMissing ? 1 : -1;
      }
      const order = compareValues(field, va, vb) ?? 0;
      if (order !== 0) return order * direction;
    }
    const ka = keyOf(a);
    const kb = keyOf(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}
