// Labels, history and "last looked" (issue 13), through the real background and the local
// api.video: what a person does in the popup, as requests, and what storage holds afterwards.
import { describe, expect, onTestFinished } from 'vitest';
import { createApiVideoClient } from '@/utils/apivideo/client';
import { createBackground, type Background } from '@/utils/background';
import { summariseHistory } from '@/utils/history';
import { bulkDeleteItem, readHistory, readLabels } from '@/utils/storage';
import type { ReplyOf, RequestOf, RequestType } from '@/utils/messaging';
import { DEFAULT_KEYS, OTHER_KEYS } from '../../../server';
import {
  extensionPageSender,
  it,
  savedKeyId,
  TEST_CLIENT_TUNING,
  type BackgroundFixtures,
} from '../../../helpers/background';

const P = 'production' as const;

/** A background whose clock the test sets, on a server seeded with `count` tokens. */
async function withClock(startBackground: BackgroundFixtures['startBackground'], count = 3) {
  const { server } = await startBackground({ withKey: false, seed: { count } });
  const clock = { now: 1_800_000_000_000 };
  const backgrounds: Background[] = [];
  const start = () => {
    const background = createBackground({ hosts: server.urls, clientTuning: TEST_CLIENT_TUNING, now: () => clock.now });
    backgrounds.push(background);
    return background;
  };
  let background = start();
  const request = async <K extends RequestType>(type: K, payload: RequestOf<K>) =>
    (await background.handleMessage({ type, payload }, extensionPageSender())) as ReplyOf<K>;
  // Disposed after the test, before the fixture closes the server.
  onTestFinished(() => backgrounds.forEach((b) => b.dispose()));
  expect(
    (await request('addAccount', { name: 'Production', environment: P, apiKey: DEFAULT_KEYS.production })).ok,
  ).toBe(true);
  return {
    server,
    clock,
    request,
    /** A new worker from storage alone, as after MV3 killed the old one. */
    restart() {
      background.dispose();
      background = start();
    },
  };
}

/** Resolves when the stored bulk-delete job says it is done. */
function bulkDeleteDone(): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = bulkDeleteItem('production').watch((found) => {
      if (found.state === 'ok' && found.value.state === 'done') {
        stop();
        resolve();
      }
    });
  });
}

async function labels() {
  return (await readLabels(P, await savedKeyId(P)))?.labels ?? {};
}

async function history() {
  return summariseHistory((await readHistory(P, await savedKeyId(P)))?.events ?? []);
}

describe('labels', () => {
  it('are set, kept across a worker restart, and removed with the token', async ({ startBackground }) => {
    const h = await withClock(startBackground);
    const [first, second] = h.server.tokens(P);
    await h.request('refreshList', { account: P });
    expect((await h.request('setLabel', { account: P, token: first!.token, label: '  Mobile app\n(iOS) ' })).ok).toBe(
      true,
    );
    await h.request('setLabel', { account: P, token: second!.token, label: 'Script de test — 日本語' });
    expect(await labels()).toEqual({ [first!.token]: 'Mobile app (iOS)', [second!.token]: 'Script de test — 日本語' });

    h.restart();
    expect(await labels()).toEqual({ [first!.token]: 'Mobile app (iOS)', [second!.token]: 'Script de test — 日本語' });

    expect((await h.request('deleteToken', { account: P, token: first!.token })).ok).toBe(true);
    expect(await labels()).toEqual({ [second!.token]: 'Script de test — 日本語' });
  });

  it('an empty label removes it; a label over 100 characters is refused and nothing changes', async ({
    startBackground,
  }) => {
    const h = await withClock(startBackground);
    const [first] = h.server.tokens(P);
    await h.request('setLabel', { account: P, token: first!.token, label: 'CI' });
    const tooLong = await h.request('setLabel', { account: P, token: first!.token, label: 'x'.repeat(101) });
    expect(tooLong.ok).toBe(false);
    expect(await labels()).toEqual({ [first!.token]: 'CI' });
    // 100 characters of any language fit, however many UTF-16 units they take.
    const hundredEmoji = '👩‍💻'.repeat(100);
    expect((await h.request('setLabel', { account: P, token: first!.token, label: hundredEmoji })).ok).toBe(true);
    await h.request('setLabel', { account: P, token: first!.token, label: '   ' });
    expect(await labels()).toEqual({});
  });

  it('of a token that expired (gone from the listing) are dropped at the next listing', async ({ startBackground }) => {
    const h = await withClock(startBackground);
    const [first, second] = h.server.tokens(P);
    await h.request('refreshList', { account: P });
    await h.request('setLabel', { account: P, token: first!.token, label: 'old' });
    await h.request('setLabel', { account: P, token: second!.token, label: 'kept' });
    h.server.clearTokens(P);
    h.server.addToken(P, { token: second!.token, ttl: 0 });
    await h.request('refreshList', { account: P });
    expect(await labels()).toEqual({ [second!.token]: 'kept' });
  });

  it('are given at creation and go with a bulk delete', async ({ startBackground }) => {
    const h = await withClock(startBackground, 0);
    const created = await h.request('createToken', { account: P, ttl: 0, label: 'Backend' });
    if (!created.ok) throw new Error(created.error.kind);
    expect(await labels()).toEqual({ [created.token.token]: 'Backend' });
    await h.request('startBulkDelete', { account: P, tokens: [created.token.token] });
    await bulkDeleteDone();
    // onFinished runs after the job is written 'done': wait for the labels to follow.
    await expect.poll(labels).toEqual({});
    expect((await history()).get(created.token.token)).toMatchObject({ deleted: { via: 'bulk' } });
  });

  it('of a token found already gone, by its row or by a bulk delete, go; the history says nothing was deleted here', async ({
    startBackground,
  }) => {
    const h = await withClock(startBackground, 4);
    const [one, two, three] = h.server.tokens(P).map((token) => token.token);
    await h.request('refreshList', { account: P });
    for (const token of [one!, two!, three!]) await h.request('setLabel', { account: P, token, label: token });
    // Deleted by the person's backend, with the popup's list still showing them.
    const backend = createApiVideoClient({
      environment: P,
      apiKey: DEFAULT_KEYS.production,
      baseUrl: h.server.urls[P],
    });
    await backend.deleteUploadToken(one!);
    await backend.deleteUploadToken(two!);

    expect(await h.request('deleteToken', { account: P, token: one! })).toMatchObject({ result: 'already-gone' });
    await h.request('startBulkDelete', { account: P, tokens: [two!, three!] });
    await bulkDeleteDone();
    await expect.poll(labels).toEqual({});
    const seen = await history();
    expect(seen.get(one!)?.deleted).toBeUndefined();
    expect(seen.get(two!)?.deleted).toBeUndefined();
    expect(seen.get(three!)).toMatchObject({ deleted: { via: 'bulk' } });
  });

  it('are forgotten with the key, and a replaced key starts afresh', async ({ startBackground }) => {
    const h = await withClock(startBackground);
    const [first] = h.server.tokens(P);
    await h.request('refreshList', { account: P });
    await h.request('setLabel', { account: P, token: first!.token, label: 'A' });
    h.server.account(P, OTHER_KEYS.production).seed({ count: 1 });
    expect((await h.request('saveKey', { account: P, apiKey: OTHER_KEYS.production })).ok).toBe(true);
    expect(await labels()).toEqual({});
    expect((await history()).size).toBe(0);
    await h.request('removeAccount', { account: P });
    expect(await readLabels(P, await savedKeyId(P))).toBeNull();
  });
});

describe('history', () => {
  it('keeps each token’s first-seen time across refreshes and records creations here', async ({ startBackground }) => {
    const h = await withClock(startBackground);
    const before = h.server.tokens(P).map((token) => token.token);
    await h.request('refreshList', { account: P });
    const t1 = h.clock.now;

    h.clock.now += 60_000;
    const elsewhere = h.server.addToken(P, { ttl: 0 });
    await h.request('refreshList', { account: P });
    h.clock.now += 60_000;
    const created = await h.request('createToken', { account: P, ttl: 3600 });
    if (!created.ok) throw new Error(created.error.kind);
    h.clock.now += 60_000;
    await h.request('refreshList', { account: P });

    const seen = await history();
    for (const token of before) expect(seen.get(token)).toEqual({ firstSeen: t1 });
    expect(seen.get(elsewhere.token)).toEqual({ firstSeen: t1 + 60_000 });
    expect(seen.get(created.token.token)).toEqual({ firstSeen: t1 + 120_000, createdHere: { ttl: 3600 } });
  });

  it('a listing that answers after the key was replaced records nothing for either key', async ({
    startBackground,
  }) => {
    const h = await withClock(startBackground);
    h.server.account(P, OTHER_KEYS.production).seed({ count: 1 });
    const held = h.server.hold({ method: 'GET', pathPrefix: '/upload-tokens' });
    const listing = h.request('refreshList', { account: P });
    await held.arrived;
    expect((await h.request('saveKey', { account: P, apiKey: OTHER_KEYS.production })).ok).toBe(true);
    held.release();
    expect((await listing).ok).toBe(false);
    expect((await history()).size).toBe(0);
  });
});

describe('writes for a replaced key', () => {
  it('a create answered after the key was replaced labels nothing and records nothing', async ({ startBackground }) => {
    const h = await withClock(startBackground, 0);
    h.server.account(P, OTHER_KEYS.production).seed({ count: 1 });
    const held = h.server.hold({ method: 'POST', pathPrefix: '/upload-tokens', phase: 'after' });
    const creating = h.request('createToken', { account: P, ttl: 0, label: 'for the old key' });
    await held.arrived;
    expect((await h.request('saveKey', { account: P, apiKey: OTHER_KEYS.production })).ok).toBe(true);
    held.release();
    const reply = await creating;
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error.kind).toBe('key-changed');
    expect(await labels()).toEqual({});
    expect((await history()).size).toBe(0);
  });
});

describe('last looked', () => {
  it('answers the previous look, null the first time, and never goes back', async ({ startBackground }) => {
    const h = await withClock(startBackground);
    const first = await h.request('markLooked', { account: P });
    expect(first).toEqual({ ok: true, previous: null });
    const at = h.clock.now;
    h.clock.now += 5_000;
    expect(await h.request('markLooked', { account: P })).toEqual({ ok: true, previous: at });
    h.clock.now -= 60_000; // the computer's clock was set back
    expect(await h.request('markLooked', { account: P })).toEqual({ ok: true, previous: at + 5_000 });
  });
});

describe('import of labels', () => {
  it('merges matching tokens, reports unknown and malformed entries, and keeps labels set here', async ({
    startBackground,
  }) => {
    const h = await withClock(startBackground);
    const [a, b, c] = h.server.tokens(P).map((token) => token.token);
    await h.request('refreshList', { account: P });
    await h.request('setLabel', { account: P, token: c!, label: 'set here' });
    const file = {
      format: 'apivideo-upload-tokens',
      tokens: [
        { token: a, label: 'Mobile' },
        { token: a, label: 'Mobile' }, // a duplicate: one label, counted once
        { token: b, label: 'Website' },
        { token: c, label: 'from the file' },
        { token: 'toUnknownUnknownUnknown1', label: 'gone' },
        { maskedToken: 'to1tcm…KMKb', label: 'no full token' },
        { token: a, label: 'x'.repeat(101) },
        'not an object',
        { token: b }, // no label: nothing to import
      ],
    };
    const reply = await h.request('importLabels', { account: P, text: JSON.stringify(file) });
    expect(reply).toEqual({ ok: true, report: { matched: 3, kept: 1, unknown: 1, malformed: 3 } });
    expect(await labels()).toEqual({ [a!]: 'Mobile', [b!]: 'Website', [c!]: 'set here' });
  });

  it.for([
    ['not JSON', '{"tokens": [', 'This file is not JSON'],
    ['JSON of another shape', '{"data": []}', 'not an export of this extension'],
  ] as const)('refuses %s with a clear error and changes nothing', async ([, text, message], { startBackground }) => {
    const h = await withClock(startBackground);
    const [a] = h.server.tokens(P).map((token) => token.token);
    await h.request('setLabel', { account: P, token: a!, label: 'mine' });
    const reply = await h.request('importLabels', { account: P, text });
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error.message).toContain(message);
    expect(await labels()).toEqual({ [a!]: 'mine' });
  });
});
