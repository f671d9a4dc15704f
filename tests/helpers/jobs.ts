// Test helpers shared by the background, popup and settings tests of bulk deletes and the guard.
import { vi } from 'vitest';
import { bulkDeleteItem, type BulkDeleteJob } from '@/utils/storage';
import type { ApiVideoServer } from '@/tests/server';

export const DAY_MS = 24 * 60 * 60 * 1000;

/** A date as api.video writes it: whole seconds, `+00:00`. */
export function apiDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** Resolves with the account's stored bulk-delete job once `done` says so (watched, not polled). */
export function waitForJob(account: string, done: (job: BulkDeleteJob) => boolean): Promise<BulkDeleteJob> {
  return new Promise((resolve) => {
    const item = bulkDeleteItem(account);
    const check = (job: BulkDeleteJob | null) => {
      if (job && done(job)) {
        stop();
        resolve(job);
      }
    };
    const stop = item.watch((found) => check(found.state === 'ok' ? found.value : null));
    void item.getValue().then(check);
  });
}

/** Old and young tokens of every kind in production, created "elsewhere" with these ages. */
export function seedAges(server: ApiVideoServer) {
  const now = Date.now();
  const add = (ttl: number, ageDays: number) =>
    server.addToken('production', { ttl, createdAt: apiDate(now - ageDays * DAY_MS) }).token;
  return {
    oldForever: [add(0, 40), add(0, 90), add(0, 31), add(0, 400)],
    youngForever: [add(0, 2), add(0, 29)],
    oldExpiring: [add(3600 * 24 * 365 * 5, 40), add(3600 * 24 * 365 * 5, 200)],
  };
}

/** `count` never-expiring tokens in production, created 40 days ago and earlier (one a day). */
export function seedOldForever(server: ApiVideoServer, count: number): string[] {
  const now = Date.now();
  return Array.from(
    { length: count },
    (_, i) => server.addToken('production', { ttl: 0, createdAt: apiDate(now - (40 + i) * DAY_MS) }).token,
  );
}

/** Captures what a page hands to an <a download>: the Blob behind the object URL and the file name. */
export function captureDownloads() {
  const files: { name: string; blob: Blob }[] = [];
  const blobs = new Map<string, Blob>();
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    const url = `blob:test/${blobs.size}`;
    blobs.set(url, blob as Blob);
    return url;
  });
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    files.push({ name: this.download, blob: blobs.get(this.href)! });
  });
  return files;
}
