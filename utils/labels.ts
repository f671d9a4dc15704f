// The one home of the rules about a token's local label: what a valid label is, how labels are
// searched and sorted, and how an import is merged. Labels are the person's own notes about
// tokens api.video keeps no name for; they stay in storage.local on this computer.
import * as v from 'valibot';
import type { UploadToken } from '@/utils/apivideo/types';
import { createdAtMs } from '@/utils/token-rules';

/** Longest label, in user-perceived characters (graphemes), so every language gets the same room. */
export const LABEL_MAX_GRAPHEMES = 100;

/**
 * A label as stored: runs of white space (new lines, tabs) become one space and the ends are
 * trimmed, so a label is one line in the list and in an export. Empty means "no label".
 */
export const labelSchema = v.pipe(
  v.string(),
  v.transform((label) => label.replace(/\s+/gu, ' ').trim()),
  v.maxGraphemes(LABEL_MAX_GRAPHEMES),
);

/** Largest label import accepted (characters of the file): far more than 20,000 labelled tokens. */
export const MAX_IMPORT_CHARS = 10_000_000;

/** Labels of one key's tokens, by token string. */
export type Labels = Readonly<Record<string, string>>;

/** The label, normalised, or undefined when it is too long. */
export function normaliseLabel(input: string): string | undefined {
  const parsed = v.safeParse(labelSchema, input);
  return parsed.success ? parsed.output : undefined;
}

/** Whether the search text (already trimmed and lower-cased) matches the token string or its label. */
export function matchesSearch(token: UploadToken, labels: Labels | undefined, needle: string): boolean {
  if (needle === '' || token.token.toLowerCase().includes(needle)) return true;
  const label = labels?.[token.token];
  return label !== undefined && label.toLocaleLowerCase().includes(needle);
}

/**
 * Labelled tokens first, in the collation order of the person's language (so "é" sorts with "e"
 * and "10" after "9"), then the unlabelled ones newest first.
 */
export function sortByLabel(tokens: readonly UploadToken[], labels: Labels, locale?: string): UploadToken[] {
  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
  const keyed = tokens.map((token) => ({ token, label: labels[token.token], created: createdAtMs(token) }));
  keyed.sort((a, b) => {
    if (a.label !== undefined && b.label !== undefined) {
      const byLabel = collator.compare(a.label, b.label);
      if (byLabel !== 0) return byLabel;
    } else if (a.label !== undefined) return -1;
    else if (b.label !== undefined) return 1;
    if (a.created !== b.created) return b.created - a.created;
    return a.token.token < b.token.token ? -1 : a.token.token > b.token.token ? 1 : 0;
  });
  return keyed.map((entry) => entry.token);
}

/** Labels kept for the tokens still listed; the others were deleted or expired. */
export function labelsOfLiveTokens(labels: Labels, live: ReadonlySet<string>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [token, label] of Object.entries(labels)) if (live.has(token)) kept[token] = label;
  return kept;
}

/** Sets (or with an empty label, removes) one token's label. */
export function withLabel(labels: Labels, token: string, label: string): Record<string, string> {
  const next = { ...labels };
  if (label === '') delete next[token];
  else next[token] = label;
  return next;
}
