import { describe, expect, it } from 'vitest';
import {
  activityOf,
  appendEvents,
  createHistoryReader,
  newlySeen,
  newSince,
  summariseHistory,
  type HistoryEvent,
} from '@/utils/history';

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

describe('createHistoryReader', () => {
  const one: HistoryEvent[] = [{ kind: 'seen', token: 'to1', at: 1 }];
  const two: HistoryEvent[] = [...one, { kind: 'deleted', token: 'to1', at: 2, via: 'policy', label: 'Kiosk' }];

  it('parses a history once: the same stored text again gives the same (frozen) events back', () => {
    const reader = createHistoryReader();
    const first = reader.parse('a', JSON.stringify(one));
    expect(first).toEqual(one);
    expect(reader.parse('a', JSON.stringify(one))).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(reader.parse('a', JSON.stringify(two))).toEqual(two); // changed text: read again
  });

  it('reads back what it was told was written without parsing it', () => {
    const reader = createHistoryReader();
    const json = JSON.stringify(two);
    reader.remember('a', json, two);
    expect(reader.parse('a', json)).toBe(two);
    expect(reader.parse('b', json)).not.toBe(two); // another slot: its own read
  });

  it('never serves a damaged text, and forgets the oldest slot beyond its bound', () => {
    const reader = createHistoryReader(2);
    expect(reader.parse('a', '{not json')).toBeNull();
    expect(reader.parse('a', JSON.stringify([{ kind: 'seen' }]))).toBeNull();
    const a = reader.parse('a', JSON.stringify(one));
    reader.parse('b', JSON.stringify(one));
    reader.parse('c', JSON.stringify(one));
    expect(reader.parse('a', JSON.stringify(one))).not.toBe(a);
    expect(reader.parse('a', JSON.stringify(one))).toEqual(one);
  });
});

describe('activityOf', () => {
  it('lists the deletions done here, newest first, with who did them and the label they had', () => {
    expect(
      activityOf([
        seen('a', 1),
        { kind: 'deleted', token: 'a', at: 2, via: 'single' },
        { kind: 'created', token: 'b', at: 3, ttl: 0 },
        { kind: 'deleted', token: 'b', at: 4, via: 'policy', label: 'Kiosk' },
        { kind: 'deleted', token: 'c', at: 5, via: 'bulk' },
      ]),
    ).toEqual([
      { at: 5, token: 'c', by: 'you', via: 'bulk' },
      { at: 4, token: 'b', label: 'Kiosk', by: 'policy', via: 'policy' },
      { at: 2, token: 'a', by: 'you', via: 'single' },
    ]);
  });
});
