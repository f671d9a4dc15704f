import { describe, expect, it } from 'vitest';
import { appendEvents, newlySeen, newSince, summariseHistory, type HistoryEvent } from '@/utils/history';

const seen = (token: string, at: number): HistoryEvent => ({ kind: 'seen', token, at });

describe('utils/history', () => {
  it('summarises first seen, created here and deleted here per token', () => {
    const history = summariseHistory([
      seen('a', 1),
      { kind: 'created', token: 'b', at: 2, ttl: 0 },
      { kind: 'deleted', token: 'a', at: 3, via: 'single' },
    ]);
    expect(history.get('a')).toEqual({ firstSeen: 1, deleted: { at: 3, via: 'single' } });
    expect(history.get('b')).toEqual({ firstSeen: 2, createdHere: { ttl: 0 } });
  });

  it('records only tokens it has not seen before', () => {
    expect(
      newlySeen(
        [seen('a', 1)],
        [
          { token: 'a', ttl: 0, createdAt: '' },
          { token: 'b', ttl: 0, createdAt: '' },
        ],
        9,
      ),
    ).toEqual([seen('b', 9)]);
  });

  it('stays bounded, dropping gone tokens first, then the oldest', () => {
    const events = [seen('live1', 1), seen('gone', 2), seen('live2', 3)];
    expect(appendEvents(events, [seen('new', 4)], new Set(['live1', 'live2', 'new']), 3)).toEqual([
      seen('live1', 1),
      seen('live2', 3),
      seen('new', 4),
    ]);
    expect(appendEvents(events, [seen('new', 4)], new Set(['gone', 'live1', 'live2', 'new']), 3)).toEqual([
      seen('gone', 2),
      seen('live2', 3),
      seen('new', 4),
    ]);
    const full = Array.from({ length: 20_000 }, (_, i) => seen(`t${i}`, i));
    expect(appendEvents(full, [seen('x', 1e9)], new Set())).toHaveLength(20_000);
  });

  it('"new since" is empty before a first look, and leaves deleted tokens out', () => {
    const history = summariseHistory([
      seen('old', 1),
      seen('new', 5),
      seen('deleted', 6),
      { kind: 'deleted', token: 'deleted', at: 7, via: 'bulk' },
    ]);
    expect(newSince(history, null)).toEqual(new Set());
    expect(newSince(history, 4)).toEqual(new Set(['new']));
    expect(newSince(history, 5)).toEqual(new Set());
  });
});
