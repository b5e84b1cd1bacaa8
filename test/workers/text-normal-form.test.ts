/**
 * One normal form for text in both stores (the `text` helper in src/routes/common.schemas.ts):
 * NFC, trimmed, invisible format characters dropped, no lone surrogates or control characters,
 * something visible left; channel names unique as people read them (drizzle/0003).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { callJson, type ErrorBody, expectError, expectInvalid } from '../api';
import {
  createTenant,
  registerUser,
  type TenantWithRoles,
  tenantWithRoles,
  unique,
} from '../fixtures';
import { dbRows, streamState } from '../stand-ins';

type Channel = { stream_id: string; name: string; description: string };
let t: TenantWithRoles;
beforeAll(async () => {
  t = await tenantWithRoles();
});

const createChannel = (name: string, description = '') =>
  callJson<Channel & ErrorBody>('/channels', { token: t.admin.token, body: { name, description } });

/** The channel as the database and Stream hold it. */
async function stored(streamId: string) {
  const [row] = await dbRows<{ name: string; description: string }>(
    'select name, description from channels where stream_id = $1',
    [streamId],
  );
  const [channel] = (await streamState(`messaging:${streamId}`)).channels;
  return { db: row, stream: channel?.data as { name: string; description: string } };
}

const LONE = '\uD800';

describe('refused text', () => {
  it.each([
    ['user name', '/auth/register', 'body.name'],
    ['tenant name', '/tenants', 'body.name'],
    ['channel name', '/channels', 'body.name'],
    ['channel description', '/channels', 'body.description'],
    ['message text', '/messages', 'body.text'],
  ])('a lone surrogate in the %s is 400 naming the field', async (_case, path, field) => {
    const base: Record<string, Record<string, unknown>> = {
      '/auth/register': { email: `nf-${unique()}@example.com`, password: 'correct horse battery' },
      '/tenants': {},
      '/channels': { name: 'Fine' },
      '/messages': { stream_id: 'whatever-id' },
    };
    const key = field.split('.')[1]!;
    const token = path === '/tenants' ? t.admin.user.token : t.admin.token;
    const res = await callJson<ErrorBody>(path, {
      token: path === '/auth/register' ? undefined : token,
      body: { name: 'Fine', ...base[path], [key]: `ab${LONE}cd` },
    });
    expectInvalid(res, field);
    expect(res.body.details?.find((d) => d.field === field)?.message).toMatch(/valid Unicode/);
  });

  it.each([
    ['zero-width spaces only', '\u200B\u200B'],
    ['a joiner and a BOM only', '\u200D\uFEFF'],
    ['bidi marks and spaces only', ' \u200E\u200F '],
    ['Hangul fillers only', '\u3164\u115F'],
  ])('a name of %s is 400: nothing visible', async (_case, name) => {
    const res = await createChannel(name);
    expectInvalid(res, 'body.name');
    expect(res.body.details?.[0]?.message).toMatch(/visible|at least/);
  });

  it('control characters: refused in names; newline and tab allowed in descriptions and messages', async () => {
    for (const name of ['a\nb', 'a\tb', 'bell\u0007', 'c1\u0085']) {
      expectInvalid(await createChannel(name), 'body.name');
    }
    expectInvalid(await createChannel('Fine', 'bell\u0007'), 'body.description');
    const ok = await createChannel(`Lines ${unique()}`, 'line one\n\tline two');
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.description).toBe('line one\n\tline two');
  });
});

describe('stored text', () => {
  it('is NFC, trimmed, without invisible format characters, and byte-for-byte the same in Postgres and Stream', async () => {
    const tag = unique();
    const res = await createChannel(
      `\u200B  Cafe\u0301 \u202Eevil\u202C ${tag}\u00AD \u2060`,
      ' Cre\u0300me bru\u0302le\u0301e\u200B ',
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.name).toBe(`Café evil ${tag}`);
    expect(res.body.description).toBe('Crème brûlée');
    const { db, stream } = await stored(res.body.stream_id);
    expect(db).toEqual({ name: res.body.name, description: res.body.description });
    expect(stream.name).toBe(db!.name);
    expect(stream.description).toBe(db!.description);
  });

  it('keeps what builds emoji and scripts: joiners and variation selectors', async () => {
    const name = `Family 👨\u200D👩\u200D👧 ❤\uFE0F می\u200Cخواهم ${unique()}`;
    const res = await createChannel(name);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.name).toBe(name);
    expect((await stored(res.body.stream_id)).stream.name).toBe(name);
  });

  it('user and tenant names are normalised the same way in both stores', async () => {
    const user = await registerUser(`\u200BZoe\u0308 Smith\u200F `);
    expect(user.name).toBe('\u200BZoe\u0308 Smith\u200F '); // what the fixture sent
    const [row] = await dbRows<{ name: string }>('select name from users where id = $1', [user.id]);
    expect(row!.name).toBe('Zoë Smith');
    const streamUser = (await streamState()).users.find((u) => u.id === user.id);
    expect(streamUser?.name).toBe('Zoë Smith');

    const { tenant } = await createTenant(user, ' Acme\u200B Corp\u0301 ');
    expect(tenant.name).toBe('Acme Corṕ');
  });

  it('a message is NFC and keeps its lines', async () => {
    const ch = await createChannel(`Msgs ${unique()}`);
    const res = await callJson<{ message: { text: string } }>('/messages', {
      token: t.member.token,
      body: { stream_id: ch.body.stream_id, text: ' Cafe\u0301\nsecond line\u200B ' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.message.text).toBe('Café\nsecond line');
  });
});

describe('channel name uniqueness', () => {
  it.each([
    ['a zero-width space', (n: string) => `${n}\u200B`],
    ['other case', (n: string) => n.toUpperCase()],
    ['decomposed accents', (n: string) => n.normalize('NFD')],
    [
      'full-width letters',
      (n: string) =>
        n.replace(/[A-Za-z]/g, (c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0)),
    ],
    ['a joiner inside', (n: string) => n.replace(' ', '\u200D ')],
    ['a variation selector', (n: string) => `${n}\uFE0F`],
  ])('a name that differs by %s is taken (409)', async (_case, variant) => {
    const name = `Séance ${unique().replace(/\d/g, 'x')}`;
    expect((await createChannel(name)).status).toBe(201);
    expectError(await createChannel(variant(name)), 409, 'channel_name_taken');
  });

  it('a name that differs by a visible character is not', async () => {
    const name = `Room ${unique()}`;
    expect((await createChannel(name)).status).toBe(201);
    expect((await createChannel(`${name}!`)).status).toBe(201);
  });
});
