/**
 * The before-send hook as Stream calls it: synchronously inside SendMessage (user and server
 * tokens, request_info telling them apart) and UpdateMessage, signed like a webhook, one
 * attempt within the configured timeout. It may accept, rewrite the documented fields, or
 * reject (the sender gets an error message that nobody else sees and nothing stores); a
 * failing hook fails open.
 */
import { describe, expect, it } from 'vitest';
import type { BeforeSendEntry } from '../../../local/stream/webhooks/before-send';
import type { DeliveryEntry } from '../../../local/stream/webhooks/delivery';
import {
  field,
  type Loose,
  nextEvent,
  recordEvents,
  twoWatchers,
  useStreamEmulator,
} from './harness';
import { type Captured, useHookServer } from './hook-server';

const h = useStreamEmulator();
const hook = useHookServer();

async function calls(): Promise<BeforeSendEntry[]> {
  const response = await fetch(`${h.emulator.url}/__control/before-send`);
  return ((await response.json()) as { calls: BeforeSendEntry[] }).calls;
}

async function setHook(extra: Record<string, unknown> = {}) {
  await h.sdk.updateAppSettings({ before_message_send_hook_url: `${hook.url}/before`, ...extra });
}

function requestOf(captured: Captured | undefined): Loose {
  return JSON.parse(captured?.body.toString('utf8') ?? 'null') as Loose;
}

/** Answers with the request's message changed by `change`, as a hook that rewrites would. */
function rewriting(change: (message: Record<string, unknown>) => Record<string, unknown>) {
  return (request: Captured) => {
    const { message } = JSON.parse(request.body.toString('utf8')) as { message: Loose };
    return { status: 200, body: JSON.stringify({ message: change(message) }) };
  };
}

const echo = (request: Captured) => ({ status: 200, body: request.body.toString('utf8') });

describe('before-send hook', () => {
  it('is shown a user-token send, signed, and an echo stores the message as sent', async () => {
    hook.answer = echo;
    await h.upsert('alice', 'bob');
    await h.createChannel('general', { name: 'General' });
    await setHook();
    const alice = await h.asUser('alice');
    const { message } = await alice
      .channel('messaging', 'general')
      .sendMessage({ text: 'hi *all*' });
    expect(message).toMatchObject({ text: 'hi *all*', type: 'regular', user: { id: 'alice' } });

    const [request] = hook.requests;
    expect(hook.requests).toHaveLength(1);
    expect(request?.path).toBe('/before');
    expect(request?.headers['x-webhook-attempt']).toBe('1');
    expect(
      h.sdk.verifyWebhook(request?.body as Buffer, String(request?.headers['x-signature'])),
    ).toBe(true);
    expect(requestOf(request)).toMatchObject({
      message: { id: '', text: 'hi *all*', html: '', type: 'regular', attachments: [] },
      user: { id: 'alice', name: 'ALICE', role: 'user' },
      channel: { cid: 'messaging:general', name: 'General', frozen: false, config: {} },
      request_info: { type: 'client' },
    });
    const stored = await h.sdk.getMessage(message.id);
    expect(stored.message.html).toBe('<p>hi <em>all</em></p>\n');
    expect((await calls()).map((call) => call.outcome)).toEqual(['accepted']);
  });

  it('applies rewritten text and custom fields and ignores other fields', async () => {
    hook.answer = rewriting((message) => ({
      ...message,
      text: 'card ****',
      reviewed: true,
      created_at: '2001-01-01T00:00:00Z',
      user: { id: 'mallory' },
    }));
    const { aliceChannel, bob } = await twoWatchers(h);
    await setHook();
    const bobSees = nextEvent(bob, 'message.new');
    const { message } = await aliceChannel.sendMessage({ text: 'card 1234', id: 'm-1' });

    expect(message).toMatchObject({ id: 'm-1', text: 'card ****', user: { id: 'alice' } });
    expect(field(message, 'reviewed')).toBe(true);
    expect(message.created_at).not.toBe('2001-01-01T00:00:00Z');
    expect(requestOf(hook.requests[0]).message).toMatchObject({ id: 'm-1', text: 'card 1234' });
    expect((await bobSees).message?.text).toBe('card ****');
    const [stored] = (await h.inspect('messaging:general')).messages;
    expect(stored).toMatchObject({ id: 'm-1', text: 'card ****' });
    expect(await calls()).toMatchObject([
      { outcome: 'modified', detail: 'rewrote text, reviewed' },
    ]);
  });

  it('a rejection reaches the sender only: nothing stored, broadcast or delivered', async () => {
    hook.answer = (request) => {
      const { message } = JSON.parse(request.body.toString('utf8')) as {
        message: { text?: string };
      };
      return message.text === 'bad'
        ? { status: 200, body: JSON.stringify({ message: { type: 'error', text: 'not allowed' } }) }
        : echo(request);
    };
    const { aliceChannel, bob } = await twoWatchers(h);
    await setHook({ webhook_url: `${hook.url}/webhook`, webhook_events: ['message.new'] });
    const bobEvents = recordEvents(bob, 'message.new');

    const refused = await aliceChannel.sendMessage({ text: 'bad' });
    expect(refused.message).toMatchObject({
      type: 'error',
      text: 'not allowed',
      user: { id: 'alice' },
    });
    // The next message arrives; had the refused one been broadcast, it would have come first.
    const bobSees = nextEvent(bob, 'message.new');
    await aliceChannel.sendMessage({ text: 'good' });
    await bobSees;
    bobEvents.stop();
    expect(bobEvents.events.map((event) => event.message?.text)).toEqual(['good']);

    expect((await h.inspect('messaging:general')).messages.map((m) => m.text)).toEqual(['good']);
    const webhooks = await fetch(`${h.emulator.url}/__control/webhooks`);
    const { deliveries } = (await webhooks.json()) as { deliveries: DeliveryEntry[] };
    expect(deliveries.map((d) => (d.payload as Loose).message?.text)).toEqual(['good']);
    expect((await calls()).map((call) => call.outcome)).toEqual(['accepted', 'rejected']);
  });

  it('fails open on a timeout, a 500 and an empty body', async () => {
    await h.upsert('alice', 'bob');
    const { channel } = await h.createChannel('open');
    await setHook({ before_message_send_hook_attempt_timeout_ms: 100 });

    hook.answer = () => 'hang';
    const slow = await channel.sendMessage({ text: 'slow hook', user_id: 'alice' });
    hook.answer = () => ({ status: 500, body: '{"message":{"type":"error","text":"no"}}' });
    const broken = await channel.sendMessage({ text: 'broken hook', user_id: 'alice' });
    hook.answer = () => ({ status: 200, body: '' });
    const empty = await channel.sendMessage({ text: 'empty answer', user_id: 'alice' });

    expect([slow, broken, empty].map((r) => [r.message.type, r.message.text])).toEqual([
      ['regular', 'slow hook'],
      ['regular', 'broken hook'],
      ['regular', 'empty answer'],
    ]);
    expect((await h.inspect('messaging:open')).messages).toHaveLength(3);
    const [emptyCall, brokenCall, slowCall] = await calls();
    expect(slowCall).toMatchObject({ outcome: 'failed_open', error: 'timeout' });
    expect(brokenCall).toMatchObject({ outcome: 'failed_open', status: 500 });
    expect(emptyCall).toMatchObject({ outcome: 'failed_open', status: 200, detail: 'empty body' });
  });

  it('is called for server-side sends too, with request_info server', async () => {
    hook.answer = rewriting(() => ({ type: 'error', text: 'refused' }));
    await h.upsert('alice', 'bob');
    const { channel } = await h.createChannel('server');
    await setHook();
    const refused = await channel.sendMessage({ text: 'from the API', user_id: 'alice' });
    expect(refused.message).toMatchObject({ type: 'error', text: 'refused' });
    expect(requestOf(hook.requests[0])).toMatchObject({
      message: { text: 'from the API' },
      user: { id: 'alice' },
      request_info: { type: 'server' },
    });
    expect((await h.inspect('messaging:server')).messages).toEqual([]);
  });

  it('is shown an edit; a rejected edit changes nothing, a rewrite is applied', async () => {
    await h.upsert('alice', 'bob');
    const { channel } = await h.createChannel('edits');
    const { message } = await channel.sendMessage({ id: 'e-1', text: 'first', user_id: 'alice' });
    await setHook();
    const alice = await h.asUser('alice');

    hook.answer = rewriting(() => ({ type: 'error', text: 'no edits' }));
    const refused = await alice.updateMessage({ id: message.id, text: 'rude' });
    expect(refused.message).toMatchObject({ id: 'e-1', type: 'error', text: 'no edits' });
    expect(requestOf(hook.requests[0])).toMatchObject({
      message: { id: 'e-1', text: 'rude' },
      request_info: { type: 'client' },
    });
    expect((await h.sdk.getMessage('e-1')).message.text).toBe('first');

    hook.answer = rewriting((sent) => ({ ...sent, text: 'polite' }));
    const edited = await alice.updateMessage({ id: message.id, text: 'rude again' });
    expect(edited.message.text).toBe('polite');
    expect((await h.sdk.getMessage('e-1')).message.text).toBe('polite');
  });

  it('is not called when no hook URL is set', async () => {
    await h.upsert('alice', 'bob');
    const { channel } = await h.createChannel('plain');
    await setHook();
    await h.sdk.updateAppSettings({ before_message_send_hook_url: '' });
    await channel.sendMessage({ text: 'direct', user_id: 'alice' });
    expect(hook.requests).toHaveLength(0);
    expect(await calls()).toEqual([]);
  });
});
