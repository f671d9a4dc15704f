// The popup's preload (utils/ui/cached-list.ts), against the real background's storage.
import { describe, expect } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { alertItem, popupIntentItem } from '@/utils/storage';
import { firstScreen, preloadCachedList, preloadedFirstScreenNow, preloadedViewNow } from '@/utils/ui/cached-list';
import { it, savedKeyId } from '../../../helpers/background';

describe('the popup’s preload', () => {
  it('reads nothing to paint when there is no account', async ({ startBackground }) => {
    await startBackground({ withKey: false });
    await preloadCachedList();
    expect(preloadedViewNow()).toBeUndefined();
  });

  it('reads the only account’s first screen before the first render', async ({ startBackground }) => {
    const { request } = await startBackground({ seed: { count: 9, neverExpiring: 2 } });
    expect(await request('refreshList', { account: 'production' })).toEqual({ ok: true });
    await preloadCachedList();
    const view = preloadedViewNow();
    const keyId = (await savedKeyId('production'))!;
    expect(view?.accounts.map((account) => account.name)).toEqual(['Production']);
    expect(view?.views).toHaveLength(1);
    expect(view?.views[0]).toMatchObject({ account: { id: 'production' }, keyInfo: { keyId }, lastCheckFailed: false });
    expect(view?.views[0]?.firstScreen).toMatchObject({ tokenCount: 9, neverExpiring: 2 });
    expect(preloadedFirstScreenNow('production', keyId)).toBe(view?.views[0]?.firstScreen);
    // Another key's first screen is not the preload's.
    expect(preloadedFirstScreenNow('production', 'another-key')).toBeUndefined();
  });

  it('reads every account’s view when there are several, with no further read for them later', async ({
    startBackground,
  }) => {
    const { request, server, keys } = await startBackground({ seed: { count: 4, neverExpiring: 1 } });
    server.seed('sandbox', { count: 6, neverExpiring: 3 });
    expect(await request('addAccount', { name: 'Acme sandbox', environment: 'sandbox', apiKey: keys.sandbox })).toEqual(
      { ok: true, account: 'sandbox' },
    );
    expect(await request('refreshList', { account: 'production' })).toEqual({ ok: true });
    expect(await request('refreshList', { account: 'sandbox' })).toEqual({ ok: true });
    await preloadCachedList();
    const view = preloadedViewNow();
    expect(view?.views.map((found) => [found.account.name, found.firstScreen?.tokenCount])).toEqual([
      ['Production', 4],
      ['Acme sandbox', 6],
    ]);
    const sandboxKey = (await savedKeyId('sandbox'))!;
    await fakeBrowser.storage.local.remove('firstScreen:sandbox');
    // Served from the preload, not storage (where it is gone now).
    expect((await firstScreen('sandbox', sandboxKey))?.tokenCount).toBe(6);
  });

  it('reads each account’s alert of its saved key, and takes a notification’s intent (read once)', async ({
    startBackground,
  }) => {
    const { request, server, keys } = await startBackground({ seed: { count: 2 } });
    expect(await request('addAccount', { name: 'Acme sandbox', environment: 'sandbox', apiKey: keys.sandbox })).toEqual(
      { ok: true, account: 'sandbox' },
    );
    server.seed('sandbox', { count: 1 });
    const productionKey = (await savedKeyId('production'))!;
    await alertItem('production').setValue({ keyId: productionKey, tokens: ['a', 'b'], since: 1 });
    await alertItem('sandbox').setValue({ keyId: 'a-replaced-key', tokens: ['c'], since: 1 });
    await popupIntentItem.setValue({ account: 'production', show: 'new', at: 5 });
    await preloadCachedList();
    const view = preloadedViewNow();
    expect(view?.views.map((found) => [found.account.id, found.alert?.tokens])).toEqual([
      ['production', ['a', 'b']],
      ['sandbox', undefined],
    ]);
    expect(view?.intent).toEqual({ account: 'production', at: 5 });
    expect(await popupIntentItem.getValue()).toBeNull();
  });
});
