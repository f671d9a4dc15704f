// Benchmarks 4–5: the built extension in headless Chromium. Time from opening the popup page
// to the first token row painted with N tokens cached, time for the list to update after
// typing in the search box, the popup's JavaScript size (what its first screen loads, and all of
// its chunks with those loaded on demand), the background's, and the background's JS heap after
// listing N tokens.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { DEFAULT_KEYS } from '../tests/server';
import { BUILD_DIR, copyBuild, launchExtension, type ChromeGlobal } from '../tests/e2e/fixtures';
import { POPUP_VIEWPORT } from '../tests/e2e/steps';

const RUNS = 15;
/** Accounts in the second measurement: the popup then opens on the overview. */
const ACCOUNTS = 20;
/** Keys of the local api.video's extra production projects (one account each). */
const EXTRA_KEYS = Array.from(
  { length: ACCOUNTS - 1 },
  (_, i) => `bench_account_${String(i + 2).padStart(2, '0')}_0123456789abcdef`,
);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** The JS files an HTML page loads before its first paint: its module and the chunks it preloads. */
function firstScreenFiles(htmlFile: string): Set<string> {
  const html = readFileSync(path.join(BUILD_DIR, htmlFile), 'utf8');
  return new Set([...html.matchAll(/(?:src|href)="\/?([^"]+\.js)"/g)].map((m) => m[1]!));
}

/** Those files and every chunk they import, statically or on demand (the page's whole JS). */
function allFiles(htmlFile: string): Set<string> {
  const files = firstScreenFiles(htmlFile);
  for (const file of files) {
    const code = readFileSync(path.join(BUILD_DIR, file), 'utf8');
    for (const [name] of code.matchAll(/[\w.-]+\.js/g)) {
      const chunk = path.posix.join(path.posix.dirname(file), name);
      if (!files.has(chunk) && existsSync(path.join(BUILD_DIR, chunk))) files.add(chunk);
    }
  }
  return files;
}

function sizeOf(files: Iterable<string>): { raw: number; gzip: number } {
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = readFileSync(path.join(BUILD_DIR, file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { raw, gzip };
}

function fileSize(file: string): { raw: number; gzip: number } {
  const bytes = readFileSync(path.join(BUILD_DIR, file));
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

export async function benchPopup(options: {
  tokens: number;
  log: (line: string) => void;
}): Promise<Record<string, number>> {
  options.log('  building the extension (wxt build)');
  execFileSync('npx', ['wxt', 'build'], { stdio: 'ignore' });
  const session = await launchExtension({
    extensionDir: copyBuild(),
    server: { keys: { production: [DEFAULT_KEYS.production, ...EXTRA_KEYS], sandbox: [DEFAULT_KEYS.sandbox] } },
  });
  try {
    session.server.seed('production', { count: options.tokens, neverExpiring: 150, expiringSoon: 40, seed: 7 });
    const page = await session.openExtensionPage('options.html');
    const send = (message: unknown) =>
      page.evaluate<{ ok: boolean }, unknown>(
        (m) => (globalThis as unknown as ChromeGlobal).chrome.runtime.sendMessage<unknown, { ok: boolean }>(m),
        message,
      );
    const saved = await send({
      type: 'addAccount',
      payload: { name: 'Production', environment: 'production', apiKey: DEFAULT_KEYS.production },
    });
    if (!saved.ok) throw new Error('bench: the demo key was not accepted');
    const heapBefore = await workerHeap(session);
    options.log(`  key saved; listing ${options.tokens} tokens`);
    const listed = await send({ type: 'refreshList', payload: { account: 'production' } });
    if (!listed.ok) throw new Error('bench: listing failed');
    options.log(`  listed; opening the popup ${RUNS} times`);
    const heapAfter = await workerHeap(session);
    await page.close();

    // The popup paints from the cache; the server is made slow so its refresh behind the
    // cached list cannot be what paints the first row.
    session.server.setLatency(5_000);
    const firstRow: number[] = [];
    const pageParsed: number[] = [];
    const searchUpdate: number[] = [];
    const needle = session.server.tokens('production')[1234 % options.tokens]!.token.slice(2, 9);
    for (let run = 0; run < RUNS; run++) {
      const popup = await session.context.newPage();
      await popup.setViewportSize(POPUP_VIEWPORT);
      // Installed before the page's own scripts: notes when the first row is in the DOM and
      // when the frame that shows it has been painted (two animation frames later).
      await popup.addInitScript(() => {
        const w = window as unknown as { firstRowPainted?: number };
        const observer = new MutationObserver(() => {
          if (!document.querySelector('li.token-row')) return;
          observer.disconnect();
          requestAnimationFrame(() => requestAnimationFrame(() => (w.firstRowPainted = performance.now())));
        });
        observer.observe(document, { childList: true, subtree: true });
      });
      await popup.goto(`${session.extensionOrigin}/popup.html`);
      await popup.waitForFunction(
        () => (window as unknown as { firstRowPainted?: number }).firstRowPainted !== undefined,
      );
      const opened = await popup.evaluate(() => {
        const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
        const painted = (window as unknown as { firstRowPainted: number }).firstRowPainted;
        return { painted, parsed: navigation?.domInteractive ?? 0 };
      });
      firstRow.push(opened.painted);
      // What the browser spends before the popup's own scripts can run (a process and a parsed
      // page), apart from what the popup then does (its scripts, storage reads, render, paint).
      pageParsed.push(opened.parsed);
      // The search works on the full list, read after the first rows are painted (aria-busy until then).
      await popup.waitForSelector('ul.token-list__rows:not([aria-busy="true"])');

      // Typing in the search box: from the input event to the next painted frame with the
      // list updated.
      searchUpdate.push(
        await popup.evaluate(
          (text) =>
            new Promise<number>((resolve) => {
              const input = document.querySelector<HTMLInputElement>('input[type="search"]')!;
              const list = document.querySelector('ul.token-list__rows') ?? document.body;
              const start = performance.now();
              const observer = new MutationObserver(() => {
                observer.disconnect();
                requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - start)));
              });
              observer.observe(list, { childList: true, subtree: true, attributes: true, characterData: true });
              input.value = text;
              input.dispatchEvent(new Event('input', { bubbles: true }));
            }),
          needle,
        ),
      );
      await popup.close();
    }
    session.server.setLatency(0);

    // The same popup with 20 accounts: it opens on the overview, one row per account, from each
    // account's first screen (the first account keeps its 10,000 cached tokens).
    options.log(`  adding ${ACCOUNTS - 1} more accounts; opening the overview ${RUNS} times`);
    const setup = await session.openExtensionPage('options.html');
    for (const [i, apiKey] of EXTRA_KEYS.entries()) {
      session.server
        .account('production', apiKey)
        .seed({ count: 200 + 10 * i, neverExpiring: i, expiringSoon: 3, seed: 100 + i });
      const added = await setup.evaluate<{ ok: boolean; account?: string }, unknown>(
        (m) => (globalThis as unknown as ChromeGlobal).chrome.runtime.sendMessage<unknown, { ok: boolean }>(m),
        { type: 'addAccount', payload: { name: `Customer ${i + 2}`, environment: 'production', apiKey } },
      );
      if (!added.ok) throw new Error('bench: an extra account was not added');
      const listedExtra = await setup.evaluate<{ ok: boolean }, unknown>(
        (m) => (globalThis as unknown as ChromeGlobal).chrome.runtime.sendMessage<unknown, { ok: boolean }>(m),
        { type: 'refreshList', payload: { account: added.account } },
      );
      if (!listedExtra.ok) throw new Error('bench: an extra account was not listed');
    }
    await setup.close();
    session.server.setLatency(5_000);
    const overview: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const popup = await session.context.newPage();
      await popup.setViewportSize(POPUP_VIEWPORT);
      await popup.addInitScript((accounts: number) => {
        const w = window as unknown as { overviewPainted?: number };
        const observer = new MutationObserver(() => {
          if (document.querySelectorAll('th[scope="row"]').length < accounts) return;
          observer.disconnect();
          requestAnimationFrame(() => requestAnimationFrame(() => (w.overviewPainted = performance.now())));
        });
        observer.observe(document, { childList: true, subtree: true });
      }, ACCOUNTS);
      await popup.goto(`${session.extensionOrigin}/popup.html`);
      await popup.waitForFunction(
        () => (window as unknown as { overviewPainted?: number }).overviewPainted !== undefined,
      );
      overview.push(await popup.evaluate(() => (window as unknown as { overviewPainted: number }).overviewPainted));
      await popup.close();
    }
    session.server.setLatency(0);

    const popupFirst = sizeOf(firstScreenFiles('popup.html'));
    const popupAll = sizeOf(allFiles('popup.html'));
    const background = fileSize('background.js');
    const result = {
      'popup open -> first row painted, median ms (target < 100)': median(firstRow),
      'popup first row painted, min ms': Math.min(...firstRow),
      'popup first row painted, max ms': Math.max(...firstRow),
      'popup page parsed by the browser (domInteractive), median ms': median(pageParsed),
      'popup own work, page parsed -> first row painted, median ms': median(
        firstRow.map((painted, index) => painted - pageParsed[index]!),
      ),
      'search update painted, median ms': median(searchUpdate),
      [`popup with ${ACCOUNTS} accounts: open -> every overview row painted, median ms`]: median(overview),
      [`popup with ${ACCOUNTS} accounts: overview painted, max ms`]: Math.max(...overview),
      'popup JS for the first screen, raw KB': popupFirst.raw / 1024,
      'popup JS for the first screen, gzip KB (target < 30)': popupFirst.gzip / 1024,
      'popup JS, all chunks, raw KB': popupAll.raw / 1024,
      'popup JS, all chunks, gzip KB': popupAll.gzip / 1024,
      'background JS raw KB': background.raw / 1024,
      'background JS gzip KB': background.gzip / 1024,
      'background heap before listing MB': heapBefore / 1048576,
      'background heap after listing MB': heapAfter / 1048576,
      'tokens cached': options.tokens,
      'popup runs': RUNS,
    };
    options.log(
      `  first row ${firstRow.map((v) => v.toFixed(0)).join(', ')} ms; search ${searchUpdate.map((v) => v.toFixed(0)).join(', ')} ms; overview ${overview.map((v) => v.toFixed(0)).join(', ')} ms`,
    );
    return result;
  } finally {
    await session.close();
  }
}

/**
 * The service worker's used JS heap after a garbage collection, over the DevTools protocol
 * (Playwright opens CDP sessions on pages only, so this goes through a page's session to the
 * worker's target).
 */
async function workerHeap(session: Awaited<ReturnType<typeof launchExtension>>): Promise<number> {
  const page = await session.context.newPage();
  try {
    const cdp = await session.context.newCDPSession(page);
    const { targetInfos } = (await cdp.send('Target.getTargets')) as {
      targetInfos: { type: string; targetId: string; url: string }[];
    };
    const target = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(session.extensionOrigin));
    if (!target) return Number.NaN;
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
    let nextId = 0;
    const call = (method: string) =>
      new Promise<Record<string, number>>((resolve) => {
        const id = ++nextId;
        const onMessage = (event: { message: string }) => {
          const message = JSON.parse(event.message) as { id?: number; result?: Record<string, number> };
          if (message.id !== id) return;
          cdp.off('Target.receivedMessageFromTarget', onMessage);
          resolve(message.result ?? {});
        };
        cdp.on('Target.receivedMessageFromTarget', onMessage);
        void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) });
      });
    await call('HeapProfiler.enable');
    await call('HeapProfiler.collectGarbage');
    const usage = await call('Runtime.getHeapUsage');
    return usage.usedSize ?? Number.NaN;
  } finally {
    await page.close();
  }
}

export function outputFiles(): string[] {
  return readdirSync(BUILD_DIR).filter((f) => statSync(path.join(BUILD_DIR, f)).isFile());
}
