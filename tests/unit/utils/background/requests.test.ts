import { describe, expect, it } from 'vitest';
import { parseRequest } from '@/utils/background/requests';

describe('parseRequest', () => {
  it.each([
    [{ type: 'cancelBulkDelete', payload: {} }],
    [{ type: 'cancelBulkDelete' }],
    [{ type: 'saveKey', payload: { environment: 'sandbox', apiKey: 'abc' } }],
    [{ type: 'createToken', payload: { ttl: 0, environment: 'production' } }],
    [{ type: 'startBulkDelete', payload: { environment: 'sandbox', tokens: ['to1', 'to2'] } }],
    [{ type: 'refreshList', payload: { environment: 'sandbox' } }],
    [{ type: 'retryBulkDelete', payload: { environment: 'production' } }],
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
    ['an extra envelope field', { type: 'cancelBulkDelete', payload: {}, sender: 'x' }],
    ['a request for no environment', { type: 'createToken', payload: { ttl: 3600 } }],
    ['a removed request type', { type: 'getStatus', payload: {} }],
    ['an unknown environment', { type: 'saveKey', payload: { environment: 'staging', apiKey: 'k' } }],
    ['a key that is not a string', { type: 'saveKey', payload: { environment: 'production', apiKey: 42 } }],
    ['a negative ttl', { type: 'createToken', payload: { environment: 'production', ttl: -1 } }],
    ['a fractional ttl', { type: 'createToken', payload: { environment: 'production', ttl: 1.5 } }],
    [
      'a ttl past the spec maximum',
      { type: 'createToken', payload: { environment: 'production', ttl: 2_147_483_648 } },
    ],
    ['an empty token', { type: 'deleteToken', payload: { environment: 'production', token: '   ' } }],
    ['an empty bulk list', { type: 'startBulkDelete', payload: { environment: 'production', tokens: [] } }],
    ['a refresh interval under a minute', { type: 'updateSettings', payload: { refreshIntervalMinutes: 0 } }],
    [
      'an "expiring soon" under an hour (the settings form\'s own bound)',
      { type: 'updateSettings', payload: { expiringSoonHours: 0.5 } },
    ],
    ['a rate-limit share under 10 %', { type: 'updateSettings', payload: { rateLimitSharePercent: 5 } }],
    ['a rate-limit share over 100 %', { type: 'updateSettings', payload: { rateLimitSharePercent: 101 } }],
    ['a fractional rate-limit share', { type: 'updateSettings', payload: { rateLimitSharePercent: 33.5 } }],
    ['an unknown payload field', { type: 'getToken', payload: { environment: 'production', token: 'to1', url: 'x' } }],
  ])('refuses %s', (_, message) => {
    expect(parseRequest(message)).toBeUndefined();
  });

  it('never lets a payload reach the prototype chain', () => {
    const parsed = parseRequest(JSON.parse('{"type":"cancelBulkDelete","payload":{"__proto__":{"polluted":1}}}'));
    expect(parsed).toEqual({ type: 'cancelBulkDelete', payload: {} });
    expect(Object.getPrototypeOf(parsed!.payload)).toBe(Object.prototype);
    expect(({} as { polluted?: number }).polluted).toBeUndefined();
  });

  it('adds no default to a settings update: a field not sent is kept as stored, not reset', () => {
    expect(parseRequest({ type: 'updateSettings', payload: { activeEnvironment: 'sandbox' } })).toEqual({
      type: 'updateSettings',
      payload: { activeEnvironment: 'sandbox' },
    });
  });

  it('trims pasted tokens', () => {
    expect(parseRequest({ type: 'getToken', payload: { environment: 'production', token: '  to1abc\n' } })).toEqual({
      type: 'getToken',
      payload: { environment: 'production', token: 'to1abc' },
    });
  });
});
