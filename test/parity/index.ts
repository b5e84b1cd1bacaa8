/**
 * Every parity scenario by name (`<file>.<scenario>`): the list both runners use, Node
 * (test/node/parity.test.ts) and Chromium (test/node/parity-chromium.test.ts). A scenario file
 * exports named `Scenario`s (./context.ts) and is added here once.
 */
import * as basics from './basics';
import * as capabilities from './capabilities';
import type { Scenario } from './context';
import * as delivery from './delivery';
import * as messageReads from './message-reads';
import * as mutesEvents from './mutes-events';
import * as notEmulated from './not-emulated';
import * as pinned from './pinned';
import * as presence from './presence';
import * as replies from './replies';
import * as threads from './threads';
import * as uploads from './uploads';
import * as usersBansUnread from './users-bans-unread';

const FILES: Record<string, Record<string, Scenario>> = {
  basics,
  capabilities,
  delivery,
  messageReads,
  mutesEvents,
  notEmulated,
  pinned,
  presence,
  replies,
  threads,
  uploads,
  usersBansUnread,
};

export const SCENARIOS: Readonly<Record<string, Scenario>> = Object.fromEntries(
  Object.entries(FILES).flatMap(([file, scenarios]) =>
    Object.entries(scenarios).map(([name, scenario]) => [`${file}.${name}`, scenario]),
  ),
);

export const SCENARIO_NAMES = Object.keys(SCENARIOS);
