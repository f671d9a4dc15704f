import { describe, expect, it } from 'vitest';
import { createClientFactory } from '@/utils/background/clients';
import { createKeyRegistry } from '@/utils/background/keys';

describe('the client factory', () => {
  it('gives one client per saved key, and a new one once the key is replaced', async () => {
    const keys = createKeyRegistry();
    const clients = createClientFactory(keys);
    const a = await keys.replace('production', 'production', 'key-a-0123456789');
    const client = clients.forRef(a);
    expect(clients.forRef(a)).toBe(client);
    const b = await keys.replace('production', 'production', 'key-b-0123456789');
    expect(clients.forRef(b)).not.toBe(client);
  });

  it('drops the clients of a removed account, and only of that account', async () => {
    const keys = createKeyRegistry();
    const clients = createClientFactory(keys);
    const production = await keys.replace('production', 'production', 'key-a-0123456789');
    const sandbox = await keys.replace('sandbox', 'sandbox', 'key-s-0123456789');
    const removed = clients.forRef(production);
    const kept = clients.forRef(sandbox);
    clients.forget('production');
    // A client made afterwards for the same ref is a new one: the old one (and its key) is gone.
    expect(clients.forRef(production)).not.toBe(removed);
    expect(clients.forRef(sandbox)).toBe(kept);
  });
});
