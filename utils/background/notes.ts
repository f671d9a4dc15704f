// What the extension remembers about tokens that api.video does not keep (issue 13): labels, and a
// history of when each token was first seen, created here and deleted here. Recorded where the
// listings, creates and deletes happen, and written like every key-bound item: compare-and-set
// against the saved key (keys.write), one at a time per account.
import * as v from 'valibot';
import type { UploadToken } from '@/utils/apivideo/types';
import { appendEvents, newlySeen, type DeleteVia, type HistoryEvent } from '@/utils/history';
import { labelsOfLiveTokens, labelSchema, withLabel } from '@/utils/labels';
import { newNeverExpiring } from '@/utils/guard';
import {
  alertItem,
  keepMarksItem,
  lastLookedItem,
  readHistory,
  readLabels,
  readTokenCache,
  tokenLabelsItem,
  writeHistory,
} from '@/utils/storage';
import { BackgroundError } from './errors';
import type { KeyRef, KeyRegistry } from './keys';

/** What a delete found: the tokens its requests deleted, and those already gone. */
export interface DeleteOutcome {
  deleted: ReadonlySet<string>;
  alreadyGone: ReadonlySet<string>;
}

/** What an import of labels did. */
export interface ImportReport {
  /** Tokens of this key found in the file with a label. */
  matched: number;
  /** Of those, tokens already labelled differently here: the label here is kept. */
  kept: number;
  /** Tokens in the file this key does not have (deleted, expired, or another account's). */
  unknown: number;
  /** Entries that are not a token with a label. */
  malformed: number;
}

export interface TokenNotes {
  /**
   * A full listing: tokens not seen before get their first-seen time; gone tokens lose their
   * label and "Keep" mark. Never-expiring tokens seen for the first time (after the first listing
   * of the key, which only learns what is there) join the alert when `alert` is set (a refresh in
   * the background; the popup's own refresh shows them to the person); resolves to them.
   */
  recordListing(ref: KeyRef, tokens: readonly UploadToken[], options?: { alert?: boolean }): Promise<string[]>;
  recordCreated(ref: KeyRef, token: UploadToken, label?: string): Promise<void>;
  /**
   * Tokens deleted here get a 'deleted' event; tokens the delete found already gone (deleted
   * elsewhere) get none, since nothing was deleted here. Both lose their labels.
   */
  recordDeleted(ref: KeyRef, outcome: DeleteOutcome, via: DeleteVia): Promise<void>;
  setLabel(ref: KeyRef, token: string, label: string): Promise<void>;
  /** Marks a token "Keep" (the lifetime policy leaves it alone), or removes the mark. */
  setKeep(ref: KeyRef, token: string, keep: boolean): Promise<void>;
  /** Merges the labels of a previous JSON export; throws a clear error when the file is not one. */
  importLabels(ref: KeyRef, text: string): Promise<ImportReport>;
  /** The popup shows the list now: returns when it did last time (null the first time); the alert is over. */
  markLooked(ref: KeyRef): Promise<number | null>;
}

/** One entry of an export as an import reads it: the other columns are not needed. */
const importedEntrySchema = v.object({
  token: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(512)),
  label: v.optional(v.nullable(labelSchema)),
});
const exportFileSchema = v.object({ tokens: v.array(v.unknown()) });

export function createTokenNotes(keys: KeyRegistry, now: () => number): TokenNotes {
  /**
   * `listed`: the tokens listed now, when the caller has them (else the cached list says what
   * lives); handed to `change` as it is, not copied (10,000 tokens at every refresh alarm).
   */
  async function updateHistory(
    ref: KeyRef,
    change: (events: readonly HistoryEvent[], live: Set<string>) => readonly HistoryEvent[],
    listed?: Set<string>,
  ) {
    await keys.write(ref, async () => {
      const [history, cache] = await Promise.all([
        readHistory(ref.account, ref.keyId),
        listed ? undefined : readTokenCache(ref.account, ref.keyId),
      ]);
      const events = history?.events ?? [];
      const live = listed ?? new Set(cache?.tokens.map((token) => token.token));
      const next = change(events, live);
      if (next !== events) await writeHistory(ref.account, { keyId: ref.keyId, events: next });
    });
  }

  /** Runs under keys.write: the caller holds the lock. */
  async function updateLabels(ref: KeyRef, change: (labels: Record<string, string>) => Record<string, string>) {
    const labels = (await readLabels(ref.account, ref.keyId))?.labels ?? {};
    const next = change(labels);
    if (next === labels) return;
    const item = tokenLabelsItem(ref.account);
    if (Object.keys(next).length === 0) await item.removeValue();
    else await item.setValue({ keyId: ref.keyId, labels: next });
  }

  /** Runs under keys.write: the caller holds the lock. */
  async function updateKeepMarks(ref: KeyRef, change: (marks: string[]) => string[]) {
    const item = keepMarksItem(ref.account);
    const stored = await item.getValue();
    const marks = stored?.keyId === ref.keyId ? stored.tokens : [];
    const next = change(marks);
    if (next.length === marks.length && next.every((token, index) => token === marks[index])) return;
    if (next.length === 0) await item.removeValue();
    else await item.setValue({ keyId: ref.keyId, tokens: next });
  }

  /** Runs under keys.write: the caller holds the lock. */
  async function updateAlert(ref: KeyRef, change: (tokens: string[]) => string[]) {
    const item = alertItem(ref.account);
    const stored = await item.getValue();
    const current = stored?.keyId === ref.keyId ? stored : undefined;
    const tokens = [...new Set(change(current?.tokens ?? []))];
    if (tokens.length === (current?.tokens.length ?? 0) && tokens.every((token, i) => token === current?.tokens[i]))
      return;
    if (tokens.length === 0) await item.removeValue();
    else await item.setValue({ keyId: ref.keyId, tokens, since: current?.since ?? now() });
  }

  return {
    async recordListing(ref, tokens, { alert = false } = {}) {
      const live = new Set(tokens.map((token) => token.token));
      let fresh: string[] = [];
      await updateHistory(
        ref,
        (events) => {
          const seen = newlySeen(events, tokens, now());
          // The first listing of a key is what was there already: nothing in it is news.
          if (alert && events.length > 0) fresh = newNeverExpiring(new Set(seen.map((event) => event.token)), tokens);
          return seen.length === 0 ? events : appendEvents(events, seen, live);
        },
        live,
      );
      await keys.write(ref, async () => {
        await updateLabels(ref, (labels) => {
          const kept = labelsOfLiveTokens(labels, live);
          return Object.keys(kept).length === Object.keys(labels).length ? labels : kept;
        });
        await updateKeepMarks(ref, (marks) => marks.filter((token) => live.has(token)));
        await updateAlert(ref, (alerted) => [...alerted.filter((token) => live.has(token)), ...fresh]);
      });
      return fresh;
    },

    async recordCreated(ref, token, label) {
      await updateHistory(ref, (events, live) =>
        appendEvents(
          events,
          [{ kind: 'created', token: token.token, at: now(), ttl: token.ttl }],
          live.add(token.token),
        ),
      );
      if (label) await keys.write(ref, () => updateLabels(ref, (labels) => withLabel(labels, token.token, label)));
    },

    async recordDeleted(ref, { deleted, alreadyGone }, via) {
      const tokens = new Set([...deleted, ...alreadyGone]);
      if (tokens.size === 0) return;
      const at = now();
      // The activity log shows a deleted token with the label it had, which goes with it below.
      const labels = (await readLabels(ref.account, ref.keyId))?.labels ?? {};
      if (deleted.size > 0)
        await updateHistory(ref, (events, live) =>
          appendEvents(
            events,
            [...deleted].map((token) => ({
              kind: 'deleted' as const,
              token,
              at,
              via,
              ...(labels[token] === undefined ? {} : { label: labels[token] }),
            })),
            new Set([...live].filter((token) => !tokens.has(token))),
          ),
        );
      await keys.write(ref, async () => {
        await updateLabels(ref, (current) =>
          [...tokens].some((token) => token in current)
            ? Object.fromEntries(Object.entries(current).filter(([token]) => !tokens.has(token)))
            : current,
        );
        await updateKeepMarks(ref, (marks) => marks.filter((token) => !tokens.has(token)));
        await updateAlert(ref, (alerted) => alerted.filter((token) => !tokens.has(token)));
      });
    },

    async setKeep(ref, token, keep) {
      const written = await keys.write(ref, () =>
        updateKeepMarks(ref, (marks) =>
          keep ? (marks.includes(token) ? marks : [...marks, token]) : marks.filter((mark) => mark !== token),
        ),
      );
      if (!written) throw new BackgroundError('key-changed');
    },

    async setLabel(ref, token, label) {
      const written = await keys.write(ref, () => updateLabels(ref, (labels) => withLabel(labels, token, label)));
      if (!written) throw new BackgroundError('key-changed');
    },

    async importLabels(ref, text) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new BackgroundError('invalid-request', undefined, 'error_import_not_json');
      }
      const file = v.safeParse(exportFileSchema, parsed);
      if (!file.success) throw new BackgroundError('invalid-request', undefined, 'error_import_not_export');
      const report: ImportReport = { matched: 0, kept: 0, unknown: 0, malformed: 0 };
      const imported = new Map<string, string>();
      for (const raw of file.output.tokens) {
        const entry = v.safeParse(importedEntrySchema, raw);
        if (!entry.success) report.malformed += 1;
        else if (entry.output.label) imported.set(entry.output.token, entry.output.label);
      }
      const written = await keys.write(ref, async () => {
        const cache = await readTokenCache(ref.account, ref.keyId);
        const live = new Set(cache?.tokens.map((token) => token.token));
        await updateLabels(ref, (labels) => {
          let next = labels;
          for (const [token, label] of imported) {
            if (!live.has(token)) {
              report.unknown += 1;
              continue;
            }
            report.matched += 1;
            const here = labels[token];
            if (here !== undefined && here !== label) report.kept += 1;
            else if (here === undefined) next = withLabel(next, token, label);
          }
          return next;
        });
      });
      if (!written) throw new BackgroundError('key-changed');
      return report;
    },

    async markLooked(ref) {
      const found: { previous: number | null } = { previous: null };
      const written = await keys.write(ref, async () => {
        const item = lastLookedItem(ref.account);
        const stored = await item.getValue();
        found.previous = stored?.keyId === ref.keyId ? stored.at : null;
        await item.setValue({ keyId: ref.keyId, at: Math.max(now(), found.previous ?? 0) });
        await alertItem(ref.account).removeValue();
      });
      if (!written) throw new BackgroundError('key-changed');
      return found.previous;
    },
  };
}
