import { describe, expect, it } from 'vitest';
import { parseAccessToken, parseUploadToken, parseUploadTokenPage, ShapeError } from '@/utils/apivideo/shapes';

const TOKEN = {
  token: 'to1tcmSFHeYY5KzyhOqVKMKb',
  ttl: 3600,
  createdAt: '2020-12-02T10:13:19+00:00',
  expiresAt: '2020-12-02T11:13:19+00:00',
};
const PAGINATION = {
  currentPage: 1,
  pageSize: 25,
  pagesTotal: 1,
  itemsTotal: 1,
  currentPageItems: 1,
  links: [{ rel: 'self', uri: '/upload-tokens' }],
};

describe('parseUploadToken', () => {
  it('keeps the known fields only', () => {
    expect(parseUploadToken({ ...TOKEN, extra: 'ignored' })).toEqual(TOKEN);
  });

  it.each([
    ['absent', { token: 't', ttl: 0, createdAt: 'x' }, undefined],
    ['null', { token: 't', ttl: 0, createdAt: 'x', expiresAt: null }, null],
  ])('accepts an expiresAt that is %s', (_label, input, expiresAt) => {
    expect(parseUploadToken(input).expiresAt).toBe(expiresAt);
  });

  it.each([
    ['not an object', 'to1', 'upload token is not an object'],
    ['null', null, 'upload token is not an object'],
    ['an array', [TOKEN], 'upload token is not an object'],
    ['a token that is not a string', { ...TOKEN, token: 42 }, 'upload token has no string `token`'],
    ['an empty token', { ...TOKEN, token: '' }, 'upload token has no string `token`'],
    ['a missing ttl', { ...TOKEN, ttl: undefined }, 'upload token has no numeric `ttl`'],
    ['a ttl that is a string', { ...TOKEN, ttl: '3600' }, 'upload token has no numeric `ttl`'],
    ['a ttl that is not finite', { ...TOKEN, ttl: Number.POSITIVE_INFINITY }, 'upload token has no numeric `ttl`'],
    ['a negative ttl', { ...TOKEN, ttl: -1 }, 'upload token has no numeric `ttl`'],
    ['a missing createdAt', { ...TOKEN, createdAt: undefined }, 'upload token has no string `createdAt`'],
    ['an expiresAt that is a number', { ...TOKEN, expiresAt: 123 }, 'upload token has a non-string `expiresAt`'],
  ])('refuses %s, saying what is wrong', (_label, input, message) => {
    expect(() => parseUploadToken(input)).toThrow(new ShapeError(message));
  });

  it('throws a ShapeError by name, which the http layer turns into bad-response', () => {
    const error = caught(() => parseUploadToken(null));
    expect(error).toBeInstanceOf(ShapeError);
    expect((error as Error).name).toBe('ShapeError');
  });
});

function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('parseUploadTokenPage', () => {
  it('reads a list body', () => {
    expect(parseUploadTokenPage({ data: [TOKEN], pagination: PAGINATION })).toEqual({
      data: [TOKEN],
      pagination: PAGINATION,
    });
  });

  it.each([
    ['no data', { pagination: PAGINATION }, 'list has no `data` array'],
    ['data that is not an array', { data: {}, pagination: PAGINATION }, 'list has no `data` array'],
    ['no pagination', { data: [] }, 'list has no `pagination` object'],
    ['a bad token inside', { data: [{ token: 1 }], pagination: PAGINATION }, 'upload token has no string `token`'],
    ['an HTML string', '<html></html>', 'list body is not an object'],
    ['null', null, 'list body is not an object'],
  ])('refuses %s, saying what is wrong', (_label, input, message) => {
    expect(() => parseUploadTokenPage(input)).toThrow(new ShapeError(message));
  });

  // Each count on its own, so that every one of them is checked, not only the first.
  it.each([
    ['currentPage', '1'],
    ['pageSize', -1],
    ['pagesTotal', '1'],
    ['itemsTotal', 1.5],
    ['itemsTotal', Number.MAX_SAFE_INTEGER + 1],
  ])('refuses a %s of %s', (field, value) => {
    expect(() => parseUploadTokenPage({ data: [], pagination: { ...PAGINATION, [field]: value } })).toThrow(
      new ShapeError('pagination counts are missing or not whole numbers'),
    );
  });

  it('keeps only well-formed links and reads a missing currentPageItems as 0', () => {
    const links = [
      { rel: 'self', uri: '/upload-tokens' },
      { rel: 'next' },
      { uri: '/upload-tokens?currentPage=2' },
      { rel: 1, uri: '/x' },
      'first',
      null,
    ];
    const { pagination } = parseUploadTokenPage({
      data: [],
      pagination: { ...PAGINATION, currentPageItems: undefined, links },
    });
    expect(pagination).toEqual({ ...PAGINATION, currentPageItems: 0, links: [{ rel: 'self', uri: '/upload-tokens' }] });
    expect(
      parseUploadTokenPage({ data: [], pagination: { ...PAGINATION, links: { rel: 'self', uri: '/x' } } }).pagination
        .links,
    ).toEqual([]);
  });
});

describe('parseAccessToken', () => {
  const ANSWER = { token_type: 'Bearer', expires_in: 3599, access_token: 'eyJ', refresh_token: 'def' };

  it.each(['Bearer', 'bearer', undefined])('accepts token_type %s', (tokenType) => {
    expect(parseAccessToken({ ...ANSWER, token_type: tokenType })).toEqual({ ...ANSWER, token_type: 'Bearer' });
  });

  it.each([
    ['another scheme', { ...ANSWER, token_type: 'mac' }, '`token_type` is not bearer'],
    ['a scheme that is not a string', { ...ANSWER, token_type: 1 }, '`token_type` is not bearer'],
    ['no access token', { ...ANSWER, access_token: undefined }, 'no `access_token`'],
    ['an empty access token', { ...ANSWER, access_token: '' }, 'no `access_token`'],
    ['no refresh token', { ...ANSWER, refresh_token: '' }, 'no `refresh_token`'],
    ['a refresh token that is not a string', { ...ANSWER, refresh_token: 7 }, 'no `refresh_token`'],
    ['expires_in of zero', { ...ANSWER, expires_in: 0 }, 'no positive `expires_in`'],
    ['expires_in that is not finite', { ...ANSWER, expires_in: Number.NaN }, 'no positive `expires_in`'],
    ['expires_in as a string', { ...ANSWER, expires_in: '3600' }, 'no positive `expires_in`'],
    ['a body that is not an object', 'Bearer eyJ', 'authentication answer is not an object'],
  ])('refuses %s, saying what is wrong', (_label, input, message) => {
    expect(() => parseAccessToken(input)).toThrow(new ShapeError(message));
  });
});
