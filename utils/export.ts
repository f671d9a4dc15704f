// The inventory export (issue 13): the shown or the whole list as CSV or JSON. Loaded with a
// dynamic import() when the export dialog opens, so the popup's first screen never pays for it
// (papaparse included).
import Papa from 'papaparse';
import type { Environment, UploadToken } from '@/utils/apivideo/types';
import type { TokenHistory } from '@/utils/history';
import { t } from '@/utils/i18n';
import type { Labels } from '@/utils/labels';
import { maskToken } from '@/utils/mask';
import { createdAtMs, expiresAtMs, isNeverExpiring } from '@/utils/token-rules';

export type ExportFormat = 'csv' | 'json';

/** Names the JSON export and the label import agree on (utils/background/notes.ts reads `tokens`). */
export const EXPORT_FORMAT_NAME = 'apivideo-upload-tokens';

export interface ExportInput {
  environment: Environment;
  /** Whose tokens (several accounts may share an environment): named in the file and its name. */
  account?: { id: string; name: string };
  tokens: readonly UploadToken[];
  labels: Labels;
  history: ReadonlyMap<string, TokenHistory>;
  /** The full token strings are secrets: only when the person ticks the box. */
  includeFullTokens: boolean;
  nowMs: number;
}

/** One token as exported: the same fields in both formats. */
export interface ExportRecord {
  maskedToken: string;
  token?: string;
  label: string | null;
  createdAt: string;
  /** null when the token never expires. */
  expiresAt: string | null;
  neverExpires: boolean;
  firstSeen: string | null;
  createdHere: boolean;
}

export interface ExportFile {
  name: string;
  type: string;
  text: string;
}

/**
 * Cells a spreadsheet would read as a formula (=, +, -, @) or that hide one behind a tab or a
 * carriage return are prefixed with a single quote (OWASP's "CSV injection" advice). papaparse's
 * own default pattern ends in `.*$`, which lets a cell with a line break through; this one does not.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function exportRecords(input: ExportInput): ExportRecord[] {
  return input.tokens.map((token) => {
    const history = input.history.get(token.token);
    return {
      maskedToken: maskToken(token.token),
      ...(input.includeFullTokens ? { token: token.token } : {}),
      label: input.labels[token.token] ?? null,
      createdAt: iso(createdAtMs(token))!,
      expiresAt: iso(expiresAtMs(token)),
      neverExpires: isNeverExpiring(token),
      firstSeen: iso(history?.firstSeen ?? null),
      createdHere: history?.createdHere !== undefined,
    };
  });
}

/** RFC 4180: comma-separated, CRLF line ends, quotes doubled; a BOM so spreadsheets read UTF-8 labels. */
export function toCsv(records: readonly ExportRecord[], includeFullTokens: boolean): string {
  const fields = [
    t('export_column_masked'),
    ...(includeFullTokens ? [t('export_column_token')] : []),
    t('export_column_label'),
    t('export_column_created'),
    t('export_column_expires'),
    t('export_column_first_seen'),
    t('export_column_created_here'),
  ];
  const data = records.map((record) => [
    record.maskedToken,
    ...(includeFullTokens ? [record.token ?? ''] : []),
    record.label ?? '',
    record.createdAt,
    record.neverExpires ? t('export_never') : (record.expiresAt ?? ''),
    record.firstSeen ?? '',
    record.createdHere ? t('export_yes') : t('export_no'),
  ]);
  return '\uFEFF' + Papa.unparse({ fields, data }, { newline: '\r\n', escapeFormulae: FORMULA_START });
}

export function toJson(records: readonly ExportRecord[], input: ExportInput): string {
  const file = {
    format: EXPORT_FORMAT_NAME,
    version: 1,
    environment: input.environment,
    ...(input.account ? { account: input.account.name } : {}),
    exportedAt: new Date(input.nowMs).toISOString(),
    includesFullTokens: input.includeFullTokens,
    tokens: records,
  };
  return JSON.stringify(file, null, 2) + '\n';
}

export function buildExport(input: ExportInput, format: ExportFormat): ExportFile {
  const records = exportRecords(input);
  const day = new Date(input.nowMs).toISOString().slice(0, 10);
  // The account's id starts with its environment (`production`, `production-1a2b3c4d`).
  const name = `upload-tokens-${input.account?.id ?? input.environment}-${day}.${format}`;
  return format === 'csv'
    ? { name, type: 'text/csv;charset=utf-8', text: toCsv(records, input.includeFullTokens) }
    : { name, type: 'application/json', text: toJson(records, input) };
}

/**
 * Saves the file through an <a download> and a Blob URL: no `downloads` permission needed. The URL
 * is revoked a minute later, long after the browser has started the download.
 */
export function saveFile(file: ExportFile, document: Document = globalThis.document): void {
  const url = URL.createObjectURL(new Blob([file.text], { type: file.type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** One row of the activity log (issue 14): a deletion done here, in one of the person's accounts. */
export interface ActivityRow {
  at: number;
  token: string;
  label?: string;
  /** The account's name, as the person calls it. */
  account: string;
  by: 'you' | 'policy';
}

/**
 * The activity log as CSV or JSON: time (ISO), the masked token, its label, the account and who
 * deleted it. Tokens are always masked: a deleted token is no use, and the file may be shared.
 * `scope` names the file (an account's id, or `all`).
 */
export function buildActivityExport(
  rows: readonly ActivityRow[],
  format: ExportFormat,
  scope: string,
  nowMs: number,
): ExportFile {
  const records = rows.map((row) => ({
    time: new Date(row.at).toISOString(),
    maskedToken: maskToken(row.token),
    label: row.label ?? null,
    account: row.account,
    by: row.by,
  }));
  const day = new Date(nowMs).toISOString().slice(0, 10);
  const name = `upload-token-activity-${scope}-${day}.${format}`;
  if (format === 'json') {
    const file = {
      format: `${EXPORT_FORMAT_NAME}-activity`,
      version: 1,
      exportedAt: new Date(nowMs).toISOString(),
      deletions: records,
    };
    return { name, type: 'application/json', text: JSON.stringify(file, null, 2) + '\n' };
  }
  const fields = [
    t('export_column_time'),
    t('export_column_masked'),
    t('export_column_label'),
    t('export_column_account'),
    t('export_column_by'),
  ];
  const data = records.map((record) => [
    record.time,
    record.maskedToken,
    record.label ?? '',
    record.account,
    t(record.by === 'policy' ? 'activity_by_policy' : 'activity_by_you'),
  ]);
  const text = '\uFEFF' + Papa.unparse({ fields, data }, { newline: '\r\n', escapeFormulae: FORMULA_START });
  return { name, type: 'text/csv;charset=utf-8', text };
}
