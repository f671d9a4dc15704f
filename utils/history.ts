// The one home of the rules about a token's history, which api.video does not keep: when the
// extension first saw it, whether it was created here (and with which lifetime), and when it was
// deleted here. Stored as a bounded list of events per key (utils/storage.ts).
import * as v from 'valibot';
import type { UploadToken } from '@/utils/apivideo/types';

/** Most events kept per key; the oldest go first (see `appendEvents`). */
export const HISTORY_MAX_EVENTS = 20_000;

/**
 * How a token was deleted here: from its row or details, by a bulk delete (both by the person),
 * or by the account's lifetime policy (issue 14).
 */
export const DELETE_VIAS = ['single', 'bulk', 'policy'] as const;
export type DeleteVia = (typeof DELETE_VIAS)[number];

const time = v.pipe(v.number(), v.finite());
const tokenString = v.pipe(v.string(), v.minLength(1));

export const historyEventSchema = v.variant('kind', [
  /** First seen in a listing (it was created elsewhere, or before the extension knew the key). */
  v.object({ kind: v.literal('seen'), token: tokenString, at: time }),
  /** Created from this extension, with the lifetime asked for (0 = never expires). */
  v.object({
    kind: v.literal('created'),
    token: tokenString,
    at: time,
    ttl: v.pipe(v.number(), v.integer(), v.minValue(0)),
  }),
  v.object({
    kind: v.literal('deleted'),
    token: tokenString,
    at: time,
    via: v.picklist(DELETE_VIAS),
    /** Its label when it was deleted (labels go with their token; the activity log keeps it). */
    label: v.optional(v.string()),
  }),
]);
export type HistoryEvent = v.InferOutput<typeof historyEventSchema>;

/** The events of a stored history (one JSON string), or null when it is damaged. */
export function parseHistoryEvents(json: string): HistoryEvent[] | null {
  try {
    const events = v.safeParse(v.array(historyEventSchema), JSON.parse(json));
    return events.success ? events.output : null;
  } catch {
    return null;
  }
}

/** Histories remembered at once (each up to 20,000 events, about 1.6 MB of JSON). */
const REMEMBERED = 3;

/**
 * Reads stored histories, remembering the last few it read or was told about: reading back the
 * history just written (the next event of a bulk delete, a label, a listing) then costs one string
 * comparison instead of parsing and checking 20,000 events again (see `npm run bench`, history).
 * The events it returns are frozen: they are shared with the next reader.
 */
export function createHistoryReader(remembered = REMEMBERED) {
  const last = new Map<string, { json: string; events: readonly HistoryEvent[] }>();
  const keep = (slot: string, json: string, events: readonly HistoryEvent[]) => {
    last.delete(slot);
    last.set(slot, { json, events: Object.freeze(events) });
    while (last.size > remembered) last.delete(last.keys().next().value!);
  };
  return {
    /** The events of `json` (stored for `slot`), or null when it is damaged. */
    parse(slot: string, json: string): readonly HistoryEvent[] | null {
      const hit = last.get(slot);
      if (hit?.json === json) return hit.events;
      const events = parseHistoryEvents(json);
      if (events) keep(slot, json, events);
      else last.delete(slot);
      return events;
    },
    /** What was just written for `slot`, so reading it back needs no parse. */
    remember: keep,
  };
}

/** What the history says about one token. */
export interface TokenHistory {
  /** When the extension first saw it (ms epoch). */
  firstSeen: number;
  /** Set when it was created here: the lifetime asked for, in seconds. */
  createdHere?: { ttl: number };
  deleted?: { at: number; via: DeleteVia };
}

/** Every token's history, from the events in the order they happened. */
export function summariseHistory(events: readonly HistoryEvent[]): Map<string, TokenHistory> {
  const byToken = new Map<string, TokenHistory>();
  for (const event of events) {
    let entry = byToken.get(event.token);
    if (!entry) {
      entry = { firstSeen: event.at };
      byToken.set(event.token, entry);
    }
    if (event.kind === 'created') entry.createdHere = { ttl: event.ttl };
    if (event.kind === 'deleted') entry.deleted = { at: event.at, via: event.via };
  }
  return byToken;
}

/**
 * The events after appending `added`, at most `max` of them. When there are too many, the events
 * of tokens no longer listed (`live`) go first, oldest first, so a token still in use keeps its
 * first-seen time as long as possible; only then the oldest of all.
 */
export function appendEvents(
  events: readonly HistoryEvent[],
  added: readonly HistoryEvent[],
  live: ReadonlySet<string>,
  max = HISTORY_MAX_EVENTS,
): HistoryEvent[] {
  const all = [...events, ...added];
  let excess = all.length - max;
  if (excess <= 0) return all;
  const kept = all.filter((event) => {
    if (excess > 0 && !live.has(event.token)) {
      excess -= 1;
      return false;
    }
    return true;
  });
  return excess > 0 ? kept.slice(excess) : kept;
}

/** 'seen' events for the listed tokens the history does not know yet. */
export function newlySeen(events: readonly HistoryEvent[], tokens: readonly UploadToken[], at: number): HistoryEvent[] {
  const known = new Set(events.map((event) => event.token));
  return tokens.filter((token) => !known.has(token.token)).map((token) => ({ kind: 'seen', token: token.token, at }));
}

/** Tokens first seen after `since`: what "New since I last looked" shows. None before a first look. */
export function newSince(history: ReadonlyMap<string, TokenHistory>, since: number | null): Set<string> {
  const fresh = new Set<string>();
  if (since === null) return fresh;
  for (const [token, entry] of history) if (entry.firstSeen > since && !entry.deleted) fresh.add(token);
  return fresh;
}

/** One deletion done here, as the activity log shows and exports it. */
export interface ActivityEntry {
  at: number;
  token: string;
  label?: string;
  /** "you" (a single or bulk delete) or "policy" (the lifetime policy). */
  by: 'you' | 'policy';
  via: DeleteVia;
}

/** Every deletion done here, newest first (the log is as bounded as the history it is read from). */
export function activityOf(events: readonly HistoryEvent[]): ActivityEntry[] {
  const entries: ActivityEntry[] = [];
  for (const event of events)
    if (event.kind === 'deleted')
      entries.push({
        at: event.at,
        token: event.token,
        ...(event.label === undefined ? {} : { label: event.label }),
        by: event.via === 'policy' ? 'policy' : 'you',
        via: event.via,
      });
  return entries.reverse();
}
