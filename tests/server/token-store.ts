// Upload tokens of one environment. Expiry is computed on read from the injected clock,
// so moving `now` forward makes tokens vanish exactly as they do on api.video.
import type { SortBy, SortOrder, UploadToken } from '@/utils/apivideo/types';
import { newTokenString } from './random';

interface StoredToken {
  token: string;
  ttl: number;
  /** Whole seconds: api.video's dates have no fractions, so expiresAt = createdAt + ttl exactly. */
  createdAtMs: number;
  /** Set only by addToken() when a caller wants to show a specific expiresAt (e.g. null). */
  expiresAtOverride?: string | null;
}

export interface ListOrder {
  sortBy?: SortBy;
  sortOrder?: SortOrder;
  /** Storage order, ignoring sortBy/sortOrder. */
  ignoreSorting?: boolean;
}

/** `2020-12-02T10:13:19+00:00`: ATOM format, seconds precision, explicit +00:00. */
export function formatAtom(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+00:00`;
}

export function wholeSeconds(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

export class TokenStore {
  // Map keeps insertion order: that is the "storage order" ignoreSorting answers with.
  private readonly byToken = new Map<string, StoredToken>();

  constructor(private readonly now: () => number) {}

  create(ttl: number): UploadToken {
    let token = newTokenString();
    while (this.byToken.has(token)) token = newTokenString();
    return this.insert({ token, ttl, createdAtMs: wholeSeconds(this.now()) });
  }

  insert(stored: StoredToken): UploadToken {
    this.byToken.set(stored.token, stored);
    return toUploadToken(stored);
  }

  has(token: string): boolean {
    return this.byToken.has(token);
  }

  /** Active token or undefined; expired ones are purged on the way. */
  get(token: string): UploadToken | undefined {
    const stored = this.byToken.get(token);
    if (!stored) return undefined;
    if (this.isExpired(stored)) {
      this.byToken.delete(token);
      return undefined;
    }
    return toUploadToken(stored);
  }

  delete(token: string): boolean {
    return this.get(token) !== undefined && this.byToken.delete(token);
  }

  /** Removes whether active or not (delete() only finds active tokens, like the API). */
  remove(token: string): void {
    this.byToken.delete(token);
  }

  clear(): void {
    this.byToken.clear();
  }

  /** Active tokens in list order. Ties are broken by token string (ascending) so pages never shuffle. */
  list(order: ListOrder = {}): UploadToken[] {
    const active = [...this.byToken.values()].filter((stored) => !this.isExpired(stored));
    if (!order.ignoreSorting) {
      const key = order.sortBy === 'ttl' ? (s: StoredToken) => s.ttl : (s: StoredToken) => s.createdAtMs;
      const direction = order.sortOrder === 'desc' ? -1 : 1;
      active.sort((a, b) => (key(a) - key(b)) * direction || compareStrings(a.token, b.token));
    }
    return active.map(toUploadToken);
  }

  private isExpired(stored: StoredToken): boolean {
    return stored.ttl > 0 && stored.createdAtMs + stored.ttl * 1000 <= this.now();
  }
}

function compareStrings(a: string, b: string): number {
  // Code-unit order, not localeCompare: identical on every machine and locale.
  return a < b ? -1 : a > b ? 1 : 0;
}

function toUploadToken(stored: StoredToken): UploadToken {
  const token: UploadToken = { token: stored.token, ttl: stored.ttl, createdAt: formatAtom(stored.createdAtMs) };
  if (stored.expiresAtOverride !== undefined) token.expiresAt = stored.expiresAtOverride;
  // ttl 0 = never expires: api.video then leaves expiresAt out entirely.
  else if (stored.ttl > 0) token.expiresAt = formatAtom(stored.createdAtMs + stored.ttl * 1000);
  return token;
}

export type { StoredToken };
