import { describe, expect, it } from 'vitest';
import { emptyListMessage } from '@/utils/ui/empty-message';
import type { TokenFilter } from '@/utils/ui/token-list';

describe('emptyListMessage', () => {
  it.each<[number, TokenFilter, string, string]>([
    [0, 'all', '', 'No upload tokens yet'],
    [0, 'never', 'abc', 'No upload tokens yet'],
    [5, 'all', 'xyz', 'No token matches “xyz”'],
    [5, 'never', ' xyz ', 'No token matches “xyz”'],
    [5, 'never', '', 'Nothing never expires. Well done.'],
    [5, 'soon', '', 'No token expires within 24 h.'],
    [5, 'new', '', 'No token was first seen since you last opened this popup.'],
  ])('%s tokens, filter %s, search %j', (total, filter, search, text) => {
    expect(emptyListMessage(total, filter, search, 24)).toBe(text);
  });
});
