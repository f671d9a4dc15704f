import { describe, expect, it } from 'vitest';
import { createKeyRegistry } from '@/utils/background/keys';
import { apiKeyItem, keyInfoItem, snapshotItem } from '@/utils/storage';

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
    let ran = false;
    expect(
      await keys.write(a, async () => {
        ran = true;
      }),
    ).toBe(false);
    expect(ran).toBe(false);
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
});
