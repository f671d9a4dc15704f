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
  /**
   * Sorted active tokens per order, reused until a token is added or removed or the next one
   * expires: sorting 100,000 tokens on every page request would make the server, not the
   * client, what a benchmark measures.
   */
  private readonly sorted = new Map<string, { list: StoredToken[]; validUntil: number }>();

  constructor(private readonly now: () => number) {}

  create(ttl: number): UploadToken {
    let token = newTokenString();
    while (this.byToken.has(token)) token = newTokenString();
    return this.insert({ token, ttl, createdAtMs: wholeSeconds(this.now()) });
  }

  insert(stored: StoredToken): UploadToken {
    this.sorted.clear();
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
      this.remove(token);
      return undefined;
    }
    return toUploadToken(stored);
  }

  delete(token: string): boolean {
    if (this.get(token) === undefined) return false;
    this.remove(token);
    return true;
  }

  /** Removes whether active or not (delete() only finds active tokens, like the API). */
  remove(token: string): void {
    if (this.byToken.delete(token)) this.sorted.clear();
  }

  clear(): void {
    this.byToken.clear();
    this.sorted.clear();
  }

  /** Active tokens in list order. Ties are broken by token string (ascending) so pages never shuffle. */
  list(order: ListOrder = {}): UploadToken[] {
    return this.listStored(order).map(toUploadToken);
  }

  /** One page of `list(order)`, formatting only that page. */
  page(order: ListOrder, start: number, end: number): { items: UploadToken[]; total: number } {
    const stored = this.listStored(order);
    return { items: stored.slice(start, end).map(toUploadToken), total: stored.length };
  }

  private listStored(order: ListOrder): StoredToken[] {
    const key = `${order.ignoreSorting ? 'storage' : `${order.sortBy ?? 'createdAt'}:${order.sortOrder ?? 'asc'}`}`;
    const now = this.now();
    const cached = this.sorted.get(key);
    if (cached && now < cached.validUntil) return cached.list;
    const active = [...this.byToken.values()].filter((stored) => !this.isExpired(stored));
    if (!order.ignoreSorting) {
      const sortKey = order.sortBy === 'ttl' ? (s: StoredToken) => s.ttl : (s: StoredToken) => s.createdAtMs;
      const direction = order.sortOrder === 'desc' ? -1 : 1;
      active.sort((a, b) => (sortKey(a) - sortKey(b)) * direction || compareStrings(a.token, b.token));
    }
    let validUntil = Infinity;
    for (const stored of active)
      if (stored.ttl > 0) validUntil = Math.min(validUntil, stored.createdAtMs + stored.ttl * 1000);
    this.sorted.set(key, { list: active, validUntil });
    return active;
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
