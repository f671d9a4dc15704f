// What the extension remembers about tokens that api.video does not keep (issue 13): labels, and a
// history of when each token was first seen, created here and deleted here. Recorded where the
// listings, creates and deletes happen, and written like every key-bound item: compare-and-set
// against the saved key (keys.write), one at a time per account.
import * as v from 'valibot';
import type { UploadToken } from '@/utils/apivideo/types';
import { appendEvents, newlySeen, type DeleteVia, type HistoryEvent } from '@/utils/history';
import { labelsOfLiveTokens, labelSchema, withLabel } from '@/utils/labels';
import {
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
  /** A full listing: tokens not seen before get their first-seen time; gone tokens lose their label. */
  recordListing(ref: KeyRef, tokens: readonly UploadToken[]): Promise<void>;
  recordCreated(ref: KeyRef, token: UploadToken, label?: string): Promise<void>;
  /**
   * Tokens deleted here get a 'deleted' event; tokens the delete found already gone (deleted
   * elsewhere) get none, since nothing was deleted here. Both lose their labels.
   */
  recordDeleted(ref: KeyRef, outcome: DeleteOutcome, via: DeleteVia): Promise<void>;
  setLabel(ref: KeyRef, token: string, label: string): Promise<void>;
  /** Merges the labels of a previous JSON export; throws a clear error when the file is not one. */
  importLabels(ref: KeyRef, text: string): Promise<ImportReport>;
  /** The popup shows the list now: returns when it did last time (null the first time). */
  markLooked(ref: KeyRef): Promise<number | null>;
}

/** One entry of an export as an import reads it: the other columns are not needed. */
const importedEntrySchema = v.object({
  token: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(512)),
  label: v.optional(v.nullable(labelSchema)),
});
const exportFileSchema = v.object({ tokens: v.array(v.unknown()) });

export function createTokenNotes(keys: KeyRegistry, now: () => number): TokenNotes {
  async function updateHistory(ref: KeyRef, change: (events: HistoryEvent[], live: Set<string>) => HistoryEvent[]) {
    await keys.write(ref, async () => {
      const [history, cache] = await Promise.all([
        readHistory(ref.account, ref.keyId),
        readTokenCache(ref.account, ref.keyId),
      ]);
      const events = history?.events ?? [];
      const live = new Set(cache?.tokens.map((token) => token.token));
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

  return {
    async recordListing(ref, tokens) {
      const live = new Set(tokens.map((token) => token.token));
      await updateHistory(ref, (events) => {
        const seen = newlySeen(events, tokens, now());
        return seen.length === 0 ? events : appendEvents(events, seen, live);
      });
      await keys.write(ref, () =>
        updateLabels(ref, (labels) => {
          const kept = labelsOfLiveTokens(labels, live);
          return Object.keys(kept).length === Object.keys(labels).length ? labels : kept;
        }),
      );
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
      if (deleted.size > 0)
        await updateHistory(ref, (events, live) =>
          appendEvents(
            events,
            [...deleted].map((token) => ({ kind: 'deleted', token, at, via })),
            new Set([...live].filter((token) => !tokens.has(token))),
          ),
        );
      await keys.write(ref, () =>
        updateLabels(ref, (labels) =>
          [...tokens].some((token) => token in labels)
            ? Object.fromEntries(Object.entries(labels).filter(([token]) => !tokens.has(token)))
            : labels,
        ),
      );
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
      });
      if (!written) throw new BackgroundError('key-changed');
      return found.previous;
    },
  };
}
