/**
 * Blocking users (https://getstream.io/chat/docs/node/block_user/; shapes from the chat OpenAPI
 * document; rules in ../user-blocks.ts). A user token acts for its user; the server token names
 * the blocker with `user_id`.
 *   POST /users/block    BlockUsers {blocked_user_id} → 201 {blocked_by_user_id, blocked_user_id, created_at}
 *   POST /users/unblock  UnblockUsers {blocked_user_id} → 201 {}
 *   GET  /users/block    GetBlockedUsers → {blocks: [{user_id, user, blocked_user_id, blocked_user, created_at}]}
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { actorId } from '../actor';
import { parseWith, readJsonBody } from '../body';
import type { EmulatorContext } from '../context';
import type { StreamEnv } from '../env';
import { inputError } from '../errors';
import { operation } from '../operation';
import { presentUser } from '../present';
import { blockUser, unblockUser } from '../user-blocks';
import { userOrFail } from '../users';
import { respond } from '../wire';

const blockSchema = z.looseObject({
  blocked_user_id: z.string().optional(),
  user_id: z.string().optional(),
  user: z.looseObject({ id: z.string() }).optional(),
});

function parseBlock(raw: Record<string, unknown>) {
  const body = parseWith(blockSchema, raw);
  if (!body.blocked_user_id) throw inputError('blocked_user_id is a required field');
  return { blockedId: body.blocked_user_id, named: body.user_id ?? body.user?.id };
}

export function registerUserBlockRoutes(app: Hono<StreamEnv>, ctx: EmulatorContext): void {
  const { store, deps } = ctx;

  app.post('/users/block', operation('BlockUsers', deps), async (c) => {
    const { blockedId, named } = parseBlock(await readJsonBody(c));
    const user = userOrFail(store, actorId(store, c.get('auth'), named, 'blocks'));
    const block = blockUser(store, user, userOrFail(store, blockedId));
    return respond(
      c,
      {
        blocked_by_user_id: user.id,
        blocked_user_id: block.blocked_user_id,
        created_at: block.created_at,
      },
      201,
    );
  });

  app.post('/users/unblock', operation('UnblockUsers', deps), async (c) => {
    const { blockedId, named } = parseBlock(await readJsonBody(c));
    const user = userOrFail(store, actorId(store, c.get('auth'), named, 'blocks'));
    unblockUser(store, user, blockedId);
    return respond(c, {}, 201);
  });

  app.get('/users/block', operation('GetBlockedUsers', deps), (c) => {
    const user = userOrFail(store, actorId(store, c.get('auth'), c.req.query('user_id'), 'blocks'));
    const blocks = (user.blocks ?? []).map((block) => {
      const blocked = store.users.get(block.blocked_user_id);
      return {
        user_id: user.id,
        user: presentUser(store, user),
        blocked_user_id: block.blocked_user_id,
        blocked_user: blocked ? presentUser(store, blocked) : { id: block.blocked_user_id },
        created_at: block.created_at,
      };
    });
    return respond(c, { blocks });
  });
}
