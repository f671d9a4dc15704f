import { describe, expect, it } from 'vitest';
import { isTrustedSender } from '@/utils/background/sender';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}/`;

describe('isTrustedSender', () => {
  it.each([
    ['the popup', { id: ID, url: `${ORIGIN}popup.html` }],
    [
      'the options page in a tab',
      { id: ID, url: `${ORIGIN}options.html`, tab: { id: 3, url: `${ORIGIN}options.html` } },
    ],
    [
      'the popup opened as a page, with Chrome origin',
      { id: ID, url: `${ORIGIN}popup.html`, origin: `chrome-extension://${ID}` },
    ],
  ])('accepts %s', (_, sender) => {
    expect(isTrustedSender(sender as never, ID, ORIGIN)).toBe(true);
  });

  it.each([
    ['no sender', undefined],
    [
      'a content script (our id, web page url, a tab)',
      { id: ID, url: 'https://example.com/', tab: { id: 1, url: 'https://example.com/' } },
    ],
    [
      'another extension',
      { id: 'otherotherotherotherotherotherot', url: `chrome-extension://otherotherotherotherotherotherot/x.html` },
    ],
    ['a web page with no id', { url: 'https://evil.example/' }],
    ['our id but no url', { id: ID }],
    ['our url but another id', { id: 'x', url: `${ORIGIN}popup.html` }],
    ['an origin that is not ours', { id: ID, url: `${ORIGIN}popup.html`, origin: 'https://evil.example' }],
    ['a tab showing a web page', { id: ID, url: `${ORIGIN}popup.html`, tab: { id: 1, url: 'https://evil.example/' } }],
    ['a url that only starts like ours', { id: ID, url: `chrome-extension://${ID}.evil.example/popup.html` }],
    ['a malformed url', { id: ID, url: 'not a url' }],
  ])('refuses %s', (_, sender) => {
    expect(isTrustedSender(sender as never, ID, ORIGIN)).toBe(false);
  });
});
