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
    ['not an object', 'to1'],
    ['null', null],
    ['an array', [TOKEN]],
    ['a token that is not a string', { ...TOKEN, token: 42 }],
    ['an empty token', { ...TOKEN, token: '' }],
    ['a missing ttl', { ...TOKEN, ttl: undefined }],
    ['a ttl that is a string', { ...TOKEN, ttl: '3600' }],
    ['a negative ttl', { ...TOKEN, ttl: -1 }],
    ['a missing createdAt', { ...TOKEN, createdAt: undefined }],
    ['an expiresAt that is a number', { ...TOKEN, expiresAt: 123 }],
  ])('refuses %s', (_label, input) => {
    expect(() => parseUploadToken(input)).toThrow(ShapeError);
  });
});

describe('parseUploadTokenPage', () => {
  it('reads a list body', () => {
    expect(parseUploadTokenPage({ data: [TOKEN], pagination: PAGINATION })).toEqual({
      data: [TOKEN],
      pagination: PAGINATION,
    });
  });

  it.each([
    ['no data', { pagination: PAGINATION }],
    ['data that is not an array', { data: {}, pagination: PAGINATION }],
    ['no pagination', { data: [] }],
    ['a pagesTotal that is not a number', { data: [], pagination: { ...PAGINATION, pagesTotal: '1' } }],
    ['a bad token inside', { data: [{ token: 1 }], pagination: PAGINATION }],
    ['an HTML string', '<html></html>'],
  ])('refuses %s', (_label, input) => {
    expect(() => parseUploadTokenPage(input)).toThrow(ShapeError);
  });
});

describe('parseAccessToken', () => {
  const ANSWER = { token_type: 'Bearer', expires_in: 3599, access_token: 'eyJ', refresh_token: 'def' };

  it.each(['Bearer', 'bearer', undefined])('accepts token_type %s', (tokenType) => {
    expect(parseAccessToken({ ...ANSWER, token_type: tokenType })).toEqual({ ...ANSWER, token_type: 'Bearer' });
  });

  it.each([
    ['another scheme', { ...ANSWER, token_type: 'mac' }],
    ['no access token', { ...ANSWER, access_token: undefined }],
    ['no refresh token', { ...ANSWER, refresh_token: '' }],
    ['expires_in of zero', { ...ANSWER, expires_in: 0 }],
    ['expires_in as a string', { ...ANSWER, expires_in: '3600' }],
  ])('refuses %s', (_label, input) => {
    expect(() => parseAccessToken(input)).toThrow(ShapeError);
  });
});
