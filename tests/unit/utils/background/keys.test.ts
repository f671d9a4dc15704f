import { describe, expect, it } from 'vitest';
import { createKeyRegistry, type KeyRef, type KeyRegistry } from '@/utils/background/keys';
import { browser } from 'wxt/browser';
import { accountsItem, apiKeyItem, keyInfoItem, snapshotItem } from '@/utils/storage';

/** A bound write for `ref`: whether the registry said it ran, and whether it did. */
async function attemptWrite(keys: KeyRegistry, ref: KeyRef): Promise<{ written: boolean; ran: boolean }> {
  let ran = false;
  const written = await keys.write(ref, async () => {
    ran = true;
  });
  return { written, ran };
}

describe('the key registry', () => {
  it('gives each new key its own id and keeps the id when the same key is saved again', async () => {
    let next = 0;
    const keys = createKeyRegistry(() => `id${++next}`);
    const first = await keys.replace('production', 'production', 'key-a');
    expect(first).toMatchObject({ account: 'production', apiKey: 'key-a', keyId: 'id1' });
    expect(await keys.replace('production', 'production', 'key-a')).toEqual(first);
    expect((await keys.replace('production', 'production', 'key-b')).keyId).toBe('id2');
    expect(await apiKeyItem('production').getValue()).toEqual({ apiKey: 'key-b', keyId: 'id2' });
    expect(await keyInfoItem('production').getValue()).toMatchObject({ keyId: 'id2', maskedKey: '••••••••' });
  });

  it('writes for a key only while it is the saved one (compare-and-set)', async () => {
    const keys = createKeyRegistry();
    const a = await keys.replace('sandbox', 'sandbox', 'key-a-0123456789');
    expect(await keys.write(a, () => snapshotItem('sandbox').setValue({ keyId: a.keyId, neverExpiring: 1 }))).toBe(
      true,
    );
    const b = await keys.replace('sandbox', 'sandbox', 'key-b-0123456789');
    expect(await snapshotItem('sandbox').getValue()).toBeNull(); // the old key's state went with it
    expect(await attemptWrite(keys, a)).toEqual({ written: false, ran: false });
    expect(keys.isCurrent(a)).toBe(false);
    expect(keys.isCurrent(b)).toBe(true);
  });

  it('aborts the old key’s work the moment a new key is saved or the key is forgotten', async () => {
    const keys = createKeyRegistry();
    const a = await keys.replace('production', 'production', 'key-a-0123456789');
    const signalA = keys.signal(a);
    const b = await keys.replace('production', 'production', 'key-b-0123456789');
    expect(signalA.aborted).toBe(true);
    const signalB = keys.signal(b);
    expect(signalB.aborted).toBe(false);
    expect(keys.signal(a).aborted).toBe(true);
    await keys.forget('production');
    expect(signalB.aborted).toBe(true);
    expect(await keys.current('production')).toBeNull();
  });

  it('runs a write queued before a key change before that change, and refuses one queued after', async () => {
    const keys = createKeyRegistry();
    const a = await keys.replace('production', 'production', 'key-a-0123456789');
    const order: string[] = [];
    const before = keys.write(a, async () => {
      order.push('write a');
    });
    const change = keys.replace('production', 'production', 'key-b-0123456789').then(() => order.push('replace'));
    const after = keys.write(a, async () => {
      order.push('late write a');
    });
    expect(await before).toBe(true);
    await change;
    expect(await after).toBe(false);
    expect(order).toEqual(['write a', 'replace']);
  });

  it('reads each account’s saved key with that account’s own environment', async () => {
    const addedAt = Date.now();
    await accountsItem.setValue({
      accounts: [
        { id: 'production', name: 'Production', environment: 'production', watched: true, addedAt },
        { id: 'sandbox', name: 'Sandbox', environment: 'sandbox', watched: true, addedAt },
      ],
    });
    await apiKeyItem('sandbox').setValue({ apiKey: 'key-s-0123456789', keyId: 'k-s' });
    const keys = createKeyRegistry();
    expect(await keys.current('sandbox')).toEqual({
      account: 'sandbox',
      environment: 'sandbox',
      keyId: 'k-s',
      apiKey: 'key-s-0123456789',
    });
    // An account with no key, and a key with no account, are no saved key.
    expect(await keys.current('production')).toBeNull();
    await apiKeyItem('gone').setValue({ apiKey: 'key-g-0123456789', keyId: 'k-g' });
    expect(await keys.current('gone')).toBeNull();
  });

  it('treats the same key saved for the other environment as a new key', async () => {
    let next = 0;
    const keys = createKeyRegistry(() => `id${++next}`);
    const production = await keys.replace('acme', 'production', 'key-a-0123456789');
    const sandbox = await keys.replace('acme', 'sandbox', 'key-a-0123456789');
    expect(sandbox).toMatchObject({ environment: 'sandbox', keyId: 'id2' });
    expect(keys.isCurrent(production)).toBe(false);
  });

  it('keeps the bulk delete’s report when only the key is forgotten, and drops it with the account', async () => {
    const keys = createKeyRegistry();
    const report = { 'bulkDelete:production': { kept: true } };
    await keys.replace('production', 'production', 'key-a-0123456789');
    await browser.storage.local.set(report);
    await keys.forget('production');
    expect(await browser.storage.local.get('bulkDelete:production')).toEqual(report);
    await keys.replace('production', 'production', 'key-a-0123456789');
    await keys.forget('production', { withReport: true });
    expect(await browser.storage.local.get('bulkDelete:production')).toEqual({});
  });

  it('aborts every key’s work when the worker stops, and refuses its writes from then on', async () => {
    const keys = createKeyRegistry();
    const a = await keys.replace('production', 'production', 'key-a-0123456789');
    const b = await keys.replace('sandbox', 'sandbox', 'key-b-0123456789');
    const signals = [keys.signal(a), keys.signal(b)];
    keys.dispose();
    for (const signal of signals) {
      expect(signal.aborted).toBe(true);
      expect((signal.reason as DOMException).name).toBe('AbortError');
    }
    expect(keys.isCurrent(a)).toBe(false);
    expect(keys.signal(a).aborted).toBe(true);
    expect((keys.signal(a).reason as DOMException).name).toBe('AbortError');
    expect(await attemptWrite(keys, a)).toEqual({ written: false, ran: false });
  });
});
