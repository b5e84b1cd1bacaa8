/**
 * Blocklists (server token only; https://getstream.io/chat/docs/node/block_lists/, shapes from
 * the chat OpenAPI document; rules in ../blocklists.ts):
 *   POST   /blocklists          CreateBlockList {name, words, team?, type?} → 201 {blocklist}
 *   GET    /blocklists[?team=]  ListBlockLists → {blocklists}
 *   GET    /blocklists/{name}[?team=]  GetBlockList → {blocklist}
 *   PUT    /blocklists/{name}   UpdateBlockList {words, team?} → 201 {blocklist}
 *   DELETE /blocklists/{name}[?team=]  DeleteBlockList → {}
 * Other list types (regex, domain, email) and the leet / plural / confusable / substring options
 * are refused as not emulated; `next_cursor` paging is not (an app has at most 15 lists).
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import {
  blocklistOrFail,
  createBlocklist,
  deleteBlocklist,
  listBlocklists,
  presentBlocklist,
  updateBlocklist,
} from '../blocklists';
import { parseWith, readJsonBody } from '../body';
import type { EmulatorContext } from '../context';
import type { StreamEnv } from '../env';
import { inputError } from '../errors';
import { operation } from '../operation';
import { respond } from '../wire';

const OPTIONS = [
  'is_leet_check_enabled',
  'is_plural_check_enabled',
  'is_confusable_folding_enabled',
  'is_substring_matching_enabled',
] as const;

const optionFields = Object.fromEntries(OPTIONS.map((name) => [name, z.boolean().optional()]));

const createSchema = z.looseObject({
  name: z.string(),
  words: z.array(z.string()),
  team: z.string().optional(),
  type: z.string().optional(),
  ...optionFields,
});
const updateSchema = z.looseObject({
  words: z.array(z.string()).optional(),
  team: z.string().optional(),
  ...optionFields,
});

function assertEmulated(body: Record<string, unknown>): void {
  if (body.type !== undefined && body.type !== 'word') {
    throw inputError(
      `blocklist type "${String(body.type)}" is not supported by the local Stream emulator`,
    );
  }
  for (const option of OPTIONS) {
    if (body[option] === true) {
      throw inputError(`${option} is not supported by the local Stream emulator`);
    }
  }
}

const teamOf = (value: string | undefined) => (value === '' ? undefined : value);

export function registerBlocklistRoutes(app: Hono<StreamEnv>, ctx: EmulatorContext): void {
  const { store, deps } = ctx;

  app.post('/blocklists', operation('CreateBlockList', deps), async (c) => {
    const raw = await readJsonBody(c);
    if (raw.name === undefined) throw inputError('name is a required field');
    if (raw.words === undefined) throw inputError('words is a required field');
    const body = parseWith(createSchema, raw);
    assertEmulated(body);
    const team = teamOf(body.team);
    const list = createBlocklist(store, {
      name: body.name,
      words: body.words,
      ...(team !== undefined ? { team } : {}),
    });
    return respond(c, { blocklist: presentBlocklist(list) }, 201);
  });

  app.get('/blocklists', operation('ListBlockLists', deps), (c) =>
    respond(c, {
      blocklists: listBlocklists(store, teamOf(c.req.query('team'))).map(presentBlocklist),
    }),
  );

  app.get('/blocklists/:name', operation('GetBlockList', deps), (c) => {
    const list = blocklistOrFail(store, c.req.param('name'), teamOf(c.req.query('team')));
    return respond(c, { blocklist: presentBlocklist(list) });
  });

  app.put('/blocklists/:name', operation('UpdateBlockList', deps), async (c) => {
    const body = parseWith(updateSchema, await readJsonBody(c));
    assertEmulated(body);
    const list = blocklistOrFail(store, c.req.param('name'), teamOf(body.team));
    updateBlocklist(store, list, body.words ?? list.words);
    return respond(c, { blocklist: presentBlocklist(list) }, 201);
  });

  app.delete('/blocklists/:name', operation('DeleteBlockList', deps), (c) => {
    const list = blocklistOrFail(store, c.req.param('name'), teamOf(c.req.query('team')));
    deleteBlocklist(store, list);
    return respond(c, {});
  });
}
