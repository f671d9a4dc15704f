import { describe, expect, it } from 'vitest';
import { parseRequest } from '@/utils/background/requests';

describe('parseRequest', () => {
  it.each([
    [{ type: 'cancelBulkDelete', payload: { account: 'production' } }],
    [{ type: 'addAccount', payload: { name: 'Acme production', environment: 'production', apiKey: 'abc' } }],
    [{ type: 'saveKey', payload: { account: 'sandbox', apiKey: 'abc' } }],
    [{ type: 'updateAccount', payload: { account: 'production-3f2a9c1d', name: 'Shop' } }],
    [{ type: 'updateAccount', payload: { account: 'sandbox', watched: false } }],
    [{ type: 'removeAccount', payload: { account: 'sandbox-3f2a9c1d' } }],
    [{ type: 'createToken', payload: { ttl: 0, account: 'production' } }],
    [{ type: 'startBulkDelete', payload: { account: 'sandbox', tokens: ['to1', 'to2'] } }],
    [{ type: 'refreshList', payload: { account: 'sandbox' } }],
    [{ type: 'retryBulkDelete', payload: { account: 'production' } }],
    [{ type: 'updateSettings', payload: { refreshIntervalMinutes: 5, expiringSoonHours: 48 } }],
    [{ type: 'updateSettings', payload: { rateLimitSharePercent: 10 } }],
    [{ type: 'updateSettings', payload: { rateLimitSharePercent: 100 } }],
  ])('accepts %j', (message) => {
    expect(parseRequest(message)?.type).toBe(message.type);
  });

  it.each([
    ['not an object', 'cancelBulkDelete'],
    ['null', null],
    ['an unknown type', { type: 'exportKey', payload: {} }],
    ['an extra envelope field', { type: 'cancelBulkDelete', payload: { account: 'production' }, sender: 'x' }],
    ['a request for no account', { type: 'createToken', payload: { ttl: 3600 } }],
    ['a cancel for no account', { type: 'cancelBulkDelete', payload: {} }],
    ['a removed request type', { type: 'getStatus', payload: {} }],
    ['a request of before accounts', { type: 'forgetKey', payload: { environment: 'production' } }],
    [
      'an unknown environment',
      { type: 'addAccount', payload: { name: 'Staging', environment: 'staging', apiKey: 'k' } },
    ],
    [
      'an account id that could reach another storage key',
      { type: 'removeAccount', payload: { account: 'production$' } },
    ],
    ['an account id with a path in it', { type: 'refreshList', payload: { account: '../settings' } }],
    [
      'an account name of blanks',
      { type: 'addAccount', payload: { name: '   ', environment: 'sandbox', apiKey: 'k' } },
    ],
    ['an account name too long', { type: 'updateAccount', payload: { account: 'sandbox', name: 'x'.repeat(61) } }],
    ['a key that is not a string', { type: 'saveKey', payload: { account: 'production', apiKey: 42 } }],
    ['a negative ttl', { type: 'createToken', payload: { account: 'production', ttl: -1 } }],
    ['a fractional ttl', { type: 'createToken', payload: { account: 'production', ttl: 1.5 } }],
    ['a ttl past the spec maximum', { type: 'createToken', payload: { account: 'production', ttl: 2_147_483_648 } }],
    ['an empty token', { type: 'deleteToken', payload: { account: 'production', token: '   ' } }],
    ['an empty bulk list', { type: 'startBulkDelete', payload: { account: 'production', tokens: [] } }],
    ['a refresh interval under a minute', { type: 'updateSettings', payload: { refreshIntervalMinutes: 0 } }],
    [
      'an "expiring soon" under an hour (the settings form\'s own bound)',
      { type: 'updateSettings', payload: { expiringSoonHours: 0.5 } },
    ],
    ['a rate-limit share under 10 %', { type: 'updateSettings', payload: { rateLimitSharePercent: 5 } }],
    ['a rate-limit share over 100 %', { type: 'updateSettings', payload: { rateLimitSharePercent: 101 } }],
    ['a fractional rate-limit share', { type: 'updateSettings', payload: { rateLimitSharePercent: 33.5 } }],
    ['an unknown payload field', { type: 'getToken', payload: { account: 'production', token: 'to1', url: 'x' } }],
  ])('refuses %s', (_, message) => {
    expect(parseRequest(message)).toBeUndefined();
  });

  it('never lets a payload reach the prototype chain', () => {
    const parsed = parseRequest(
      JSON.parse('{"type":"refreshList","payload":{"account":"sandbox","__proto__":{"polluted":1}}}'),
    );
    expect(parsed).toEqual({ type: 'refreshList', payload: { account: 'sandbox' } });
    expect(Object.getPrototypeOf(parsed!.payload)).toBe(Object.prototype);
    expect(({} as { polluted?: number }).polluted).toBeUndefined();
  });

  it('adds no default to a settings update: a field not sent is kept as stored, not reset', () => {
    expect(parseRequest({ type: 'updateSettings', payload: { expiringSoonHours: 48 } })).toEqual({
      type: 'updateSettings',
      payload: { expiringSoonHours: 48 },
    });
  });

  it('trims pasted tokens', () => {
    expect(parseRequest({ type: 'getToken', payload: { account: 'production', token: '  to1abc\n' } })).toEqual({
      type: 'getToken',
      payload: { account: 'production', token: 'to1abc' },
    });
  });
});
