// What the popup opens on (issue 14): a notification's intent, else the only account's alert.
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { popupIntentItem, type KeyInfo } from '@/utils/storage';
import { alertCount, INTENT_MAX_AGE_MS, openOnNew, takePopupIntent } from '@/utils/ui/popup-opening';

const key = (keyId: string): KeyInfo => ({ keyId, maskedKey: '••••1234', savedAt: 0 });
const NOW = 1_800_000_000_000;
const two = {
  accounts: [{ id: 'production' }, { id: 'sandbox' }],
  keys: { production: key('k1'), sandbox: key('k2') },
  alerts: { production: 2, sandbox: 0 },
  now: NOW,
};

describe('openOnNew', () => {
  it('opens on the account a notification named a moment ago', () => {
    expect(openOnNew({ ...two, intent: { account: 'sandbox', at: NOW - 1000 } })).toBe('sandbox');
    expect(openOnNew({ ...two, intent: { account: 'sandbox', at: NOW - INTENT_MAX_AGE_MS + 1 } })).toBe('sandbox');
  });

  it('ignores an intent ten minutes old or more, of an unknown account, or of an account without a key', () => {
    expect(openOnNew({ ...two, intent: { account: 'sandbox', at: NOW - INTENT_MAX_AGE_MS } })).toBeNull();
    expect(openOnNew({ ...two, intent: { account: 'gone', at: NOW } })).toBeNull();
    expect(openOnNew({ ...two, keys: { ...two.keys, sandbox: null }, intent: { account: 'sandbox', at: NOW } })).toBe(
      null,
    );
  });

  it('with several accounts, an alert alone opens the overview (it says which accounts have new tokens)', () => {
    expect(openOnNew({ ...two, intent: null })).toBeNull();
  });

  it('with one account, opens on its new tokens while its alert is set', () => {
    const one = { accounts: [{ id: 'production' }], keys: { production: key('k1') }, now: NOW, intent: null };
    expect(openOnNew({ ...one, alerts: { production: 1 } })).toBe('production');
    expect(openOnNew({ ...one, alerts: { production: 0 } })).toBeNull();
    expect(openOnNew({ ...one, keys: { production: null }, alerts: { production: 1 } })).toBeNull();
  });
});

describe('alertCount', () => {
  it('counts the alert of the saved key only', () => {
    const alert = { keyId: 'k1', tokens: ['a', 'b'], since: 0 };
    expect(alertCount(alert, key('k1'))).toBe(2);
    expect(alertCount(alert, key('k2'))).toBe(0);
    expect(alertCount(null, key('k1'))).toBe(0);
    expect(alertCount(alert, null)).toBe(0);
  });
});

describe('takePopupIntent', () => {
  it('reads the intent once: it is removed as it is read', async () => {
    await popupIntentItem.setValue({ account: 'sandbox', show: 'new', at: NOW });
    expect(await takePopupIntent()).toEqual({ account: 'sandbox', at: NOW });
    expect(await popupIntentItem.getValue()).toBeNull();
    expect(await takePopupIntent()).toBeNull();
  });

  it('removes an intent it cannot read', async () => {
    await fakeBrowser.storage.session.set({ popupIntent: { account: 'Not An Id!', show: 'new', at: NOW } });
    expect(await takePopupIntent()).toBeNull();
    expect(await fakeBrowser.storage.session.get('popupIntent')).toEqual({});
  });
});
