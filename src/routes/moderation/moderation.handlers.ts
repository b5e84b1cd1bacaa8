import { tenantPrincipal } from '../../http/auth';
import { requestServices } from '../../http/request-services';
import type { AppRouteHandler } from '../../http/types';
import { servicesFor } from '../../runtime/services';
import * as bans from '../../services/bans';
import * as reports from '../../services/reports';
import * as wordFilter from '../../services/word-filter';
import type * as routes from './moderation.routes';

export const createReport: AppRouteHandler<typeof routes.createReport> = async (c) => {
  const body = c.req.valid('json');
  const report = await reports.createReport(
    requestServices(c),
    tenantPrincipal(c.get('principal')),
    {
      messageId: body.message_id,
      userId: body.user_id,
      reason: body.reason,
      details: body.details,
    },
  );
  return c.json({ report }, 201);
};

export const listReports: AppRouteHandler<typeof routes.listReports> = async (c) => {
  const page = await reports.listReports(
    servicesFor(c.env),
    tenantPrincipal(c.get('principal')),
    c.req.valid('query'),
  );
  return c.json(page, 200);
};

export const resolveReport: AppRouteHandler<typeof routes.resolveReport> = async (c) => {
  const { id } = c.req.valid('param');
  const { action, ban_minutes } = c.req.valid('json');
  const report = await reports.resolveReport(
    requestServices(c),
    tenantPrincipal(c.get('principal')),
    id,
    { action, banMinutes: ban_minutes },
  );
  return c.json({ report }, 200);
};

export const createBan: AppRouteHandler<typeof routes.createBan> = async (c) => {
  const body = c.req.valid('json');
  const ban = await bans.ban(requestServices(c), tenantPrincipal(c.get('principal')), {
    userId: body.user_id,
    channelStreamId: body.channel_stream_id,
    minutes: body.minutes,
    reason: body.reason,
  });
  return c.json({ ban }, 201);
};

export const listBans: AppRouteHandler<typeof routes.listBans> = async (c) => {
  const list = await bans.listBans(servicesFor(c.env), tenantPrincipal(c.get('principal')));
  return c.json({ bans: list }, 200);
};

export const liftBan: AppRouteHandler<typeof routes.liftBan> = async (c) => {
  const { user_id } = c.req.valid('param');
  const { channel_stream_id } = c.req.valid('query');
  await bans.liftBan(requestServices(c), tenantPrincipal(c.get('principal')), {
    userId: user_id,
    channelStreamId: channel_stream_id,
  });
  return c.body(null, 204);
};

export const getBlocklist: AppRouteHandler<typeof routes.getBlocklist> = async (c) => {
  const view = await wordFilter.getWordFilter(
    servicesFor(c.env),
    tenantPrincipal(c.get('principal')),
  );
  return c.json(view, 200);
};

export const putBlocklist: AppRouteHandler<typeof routes.putBlocklist> = async (c) => {
  const { words } = c.req.valid('json');
  const view = await wordFilter.putWordFilter(
    requestServices(c),
    tenantPrincipal(c.get('principal')),
    words,
  );
  return c.json(view, 200);
};
