import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { UploadToken } from '@/utils/apivideo/types';
import { buildExport, type ExportInput } from '@/utils/export';
import { summariseHistory } from '@/utils/history';
import { maskToken } from '@/utils/mask';

const NOW = Date.parse('2026-12-02T10:00:00Z');
const TOKENS: UploadToken[] = [
  { token: 'to1tcmSFHeYY5KzyhOqVKMKb', ttl: 0, createdAt: '2026-11-01T10:00:00+00:00' },
  {
    token: 'to2soonSFHeYY5KzyhOqVKMK',
    ttl: 3600,
    createdAt: '2026-12-02T09:30:00+00:00',
    expiresAt: '2026-12-02T10:30:00+00:00',
  },
];

function input(overrides: Partial<ExportInput> = {}): ExportInput {
  return {
    environment: 'production',
    tokens: TOKENS,
    labels: { [TOKENS[0]!.token]: 'Mobile app, "iOS"' },
    history: summariseHistory([
      { kind: 'seen', token: TOKENS[0]!.token, at: Date.parse('2026-11-02T00:00:00Z') },
      { kind: 'created', token: TOKENS[1]!.token, at: Date.parse('2026-12-02T09:30:00Z'), ttl: 3600 },
    ]),
    includeFullTokens: false,
    nowMs: NOW,
    ...overrides,
  };
}

/** Every substring of length ≥ 8 of a token must be absent: a masked export leaks no piece of it. */
function leaksAnyPartOf(text: string, token: string): boolean {
  for (let start = 0; start + 8 <= token.length; start++) if (text.includes(token.slice(start, start + 8))) return true;
  return false;
}

describe('utils/export', () => {
  it('CSV: RFC 4180 (CRLF, quoted commas and quotes), with a BOM, masked tokens only', () => {
    const file = buildExport(input(), 'csv');
    expect(file.name).toBe('upload-tokens-production-2026-12-02.csv');
    expect(file.text.startsWith('\uFEFF')).toBe(true);
    const lines = file.text.slice(1).split('\r\n');
    expect(lines[0]).toBe('Token (masked),Label,Created,Expires,First seen,Created here');
    expect(lines[1]).toBe(
      'to1tcm…KMKb,"Mobile app, ""iOS""",2026-11-01T10:00:00.000Z,never,2026-11-02T00:00:00.000Z,no',
    );
    expect(lines[2]).toBe(
      'to2soo…VKMK,,2026-12-02T09:30:00.000Z,2026-12-02T10:30:00.000Z,2026-12-02T09:30:00.000Z,yes',
    );
    for (const token of TOKENS) expect(leaksAnyPartOf(file.text, token.token), token.token).toBe(false);
  });

  it('CSV with the full tokens adds a column with them', () => {
    const file = buildExport(input({ includeFullTokens: true }), 'csv');
    const parsed = Papa.parse<string[]>(file.text.slice(1), { skipEmptyLines: true }).data;
    expect(parsed[0]![1]).toBe('Token');
    expect(parsed.slice(1).map((row) => row[1])).toEqual(TOKENS.map((token) => token.token));
  });

  it.each(['=HYPERLINK("http://evil.example","x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1', '=1\n=2'])(
    'CSV neutralises a label that a spreadsheet would run: %j',
    (label) => {
      const file = buildExport(input({ labels: { [TOKENS[0]!.token]: label } }), 'csv');
      const cell = Papa.parse<string[]>(file.text.slice(1)).data[1]![1]!;
      expect(cell).toBe(`'${label}`);
    },
  );

  it('names the account in the file and its name when it is given', () => {
    const file = buildExport(input({ account: { id: 'production-1a2b3c4d', name: 'Acme production' } }), 'json');
    expect(file.name).toBe('upload-tokens-production-1a2b3c4d-2026-12-02.json');
    const parsed = JSON.parse(file.text) as { account?: string; environment: string };
    expect(parsed.account).toBe('Acme production');
    expect(parsed.environment).toBe('production');
    expect(buildExport(input({ account: { id: 'sandbox-9f8e7d6c', name: 'B' } }), 'csv').name).toBe(
      'upload-tokens-sandbox-9f8e7d6c-2026-12-02.csv',
    );
  });

  it('JSON without the full tokens: every field, and no byte of any token beyond its mask', () => {
    const file = buildExport(input(), 'json');
    expect(file.name).toBe('upload-tokens-production-2026-12-02.json');
    const parsed = JSON.parse(file.text) as { tokens: Record<string, unknown>[]; includesFullTokens: boolean };
    expect(parsed.includesFullTokens).toBe(false);
    expect(parsed.tokens).toEqual([
      {
        maskedToken: maskToken(TOKENS[0]!.token),
        label: 'Mobile app, "iOS"',
        createdAt: '2026-11-01T10:00:00.000Z',
        expiresAt: null,
        neverExpires: true,
        firstSeen: '2026-11-02T00:00:00.000Z',
        createdHere: false,
      },
      {
        maskedToken: maskToken(TOKENS[1]!.token),
        label: null,
        createdAt: '2026-12-02T09:30:00.000Z',
        expiresAt: '2026-12-02T10:30:00.000Z',
        neverExpires: false,
        firstSeen: '2026-12-02T09:30:00.000Z',
        createdHere: true,
      },
    ]);
    for (const token of TOKENS) expect(leaksAnyPartOf(file.text, token.token), token.token).toBe(false);
  });

  it('JSON with the full tokens carries them, as the label import reads them', () => {
    const parsed = JSON.parse(buildExport(input({ includeFullTokens: true }), 'json').text) as {
      tokens: { token: string; label: string | null }[];
    };
    expect(parsed.tokens.map((entry) => entry.token)).toEqual(TOKENS.map((token) => token.token));
  });
});
