// Launches Debian's Chromium with the unmodified production build loaded and api.video's two
// hosts resolved to the local api.video server (--host-resolver-rules), its test certificate
// trusted by its key's hash only. Plain Node, no vitest: scripts/demo.ts uses it too.
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page, type Request, type Worker } from 'playwright-core';
import type { Browser } from 'wxt/browser';
import { startApiVideoServer, type ApiVideoServer, type ApiVideoServerOptions } from '../server';
import { startWebPage, WEB_PAGE_HOST, type WebPage } from './web-page';

/** Type of `chrome` inside page/worker evaluate callbacks (they run in the browser, not here). */
export type ChromeGlobal = { chrome: typeof Browser };

export const API_HOSTS = { production: 'ws.api.video', sandbox: 'sandbox.api.video' } as const;

export const CHROMIUM_MISSING = 'Chromium not found: run "apt-get install -y chromium" or set CHROMIUM_PATH';

/** The Chromium to drive; throws the one-line instruction when there is none (never skip silently). */
export function chromiumPath(): string {
  const candidate = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(candidate)) throw new Error(CHROMIUM_MISSING);
  return candidate;
}

export const BUILD_DIR = fileURLToPath(new URL('../../.output/chrome-mv3', import.meta.url));

/**
 * A private, byte-for-byte copy of the production build. Others rebuild `.output/` in the same
 * checkout; a copy keeps a running browser from seeing half-written files. Unmodified: no
 * file is changed, only where it lives (the extension id follows the folder, so it is read
 * from the worker's URL).
 */
export function copyBuild(from = BUILD_DIR): string {
  if (!existsSync(path.join(from, 'manifest.json'))) {
    throw new Error(`No build at ${from}: run "npx wxt build" first (npm run test:e2e does).`);
  }
  const target = mkdtempSync(path.join(tmpdir(), 'e2e-extension-'));
  cpSync(from, target, { recursive: true });
  return target;
}

/** One request the browser made, as Playwright's context 'request' event saw it. */
export interface BrowserRequest {
  url: string;
  method: string;
  resourceType: string;
  /** True for requests of the extension's service worker (Chromium reports them on the context). */
  fromServiceWorker: boolean;
  headers: Record<string, string>;
  postData: string | null;
}

export interface LaunchOptions {
  /** A copy of the build (copyBuild()); reused across launches so builds are copied once. */
  extensionDir: string;
  server?: ApiVideoServerOptions;
  headless?: boolean;
  /** Default: a fresh temporary profile, removed on close. */
  userDataDir?: string;
  /** null: the window's own size (headed runs). */
  viewport?: { width: number; height: number } | null;
}

export interface ExtensionSession {
  server: ApiVideoServer;
  context: BrowserContext;
  extensionId: string;
  /** chrome-extension://<id> */
  extensionOrigin: string;
  /** A tiny page served on another loopback port, reached as http://page.test/. */
  webPage: WebPage;
  /** Every request the browser made since launch: pages, the service worker, the web page. */
  browserRequests: BrowserRequest[];
  /** The current service worker (MV3 may replace it; this finds the live one). */
  worker(): Promise<Worker>;
  badgeText(): Promise<string>;
  /** The options tab opened by the first install, once it is there. */
  waitForOptionsTab(timeoutMs?: number): Promise<Page>;
  /** popup.html or options.html opened as a page (a tab) of this extension. */
  openExtensionPage(
    file: 'popup.html' | 'options.html',
    options?: { viewport?: { width: number; height: number } },
  ): Promise<Page>;
  storage(area: 'local' | 'session' | 'sync'): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export function chromiumArgs(extensionDir: string, rules: string, spki: string): string[] {
  return [
    // Both: Playwright passes --disable-extensions by default; without the first no worker starts.
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-sync',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-quic',
    '--disable-features=Translate,OptimizationHints,MediaRouter',
    `--host-resolver-rules=${rules}`,
    // Trust exactly the test server's key, for exactly these runs (narrower than --ignore-certificate-errors).
    `--ignore-certificate-errors-spki-list=${spki}`,
  ];
}

/**
 * api.video's hosts and page.test go to loopback ports (MAP accepts host:port); every other
 * host name fails to resolve, so nothing can leave the machine even by mistake. Playwright's
 * pipe to the browser is not a network connection and is unaffected.
 */
export function hostResolverRules(ports: { production: number; sandbox: number; webPage?: number }): string {
  const rules = [
    `MAP ${API_HOSTS.production} 127.0.0.1:${ports.production}`,
    `MAP ${API_HOSTS.sandbox} 127.0.0.1:${ports.sandbox}`,
  ];
  if (ports.webPage !== undefined) rules.push(`MAP ${WEB_PAGE_HOST} 127.0.0.1:${ports.webPage}`);
  rules.push('MAP * ~NOTFOUND');
  return rules.join(', ');
}

export async function launchExtension(options: LaunchOptions): Promise<ExtensionSession> {
  const executablePath = chromiumPath();
  const server = await startApiVideoServer({ quiet: true, ...options.server, tls: true });
  const webPage = await startWebPage();
  const ownProfile = options.userDataDir === undefined;
  const userDataDir = options.userDataDir ?? mkdtempSync(path.join(tmpdir(), 'e2e-profile-'));
  const certificate = server.certificate;
  if (!certificate) throw new Error('the api.video test server did not start with TLS');

  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: options.headless ?? true,
      viewport: options.viewport === undefined ? { width: 1000, height: 800 } : options.viewport,
      args: chromiumArgs(
        options.extensionDir,
        hostResolverRules({ ...server.ports, webPage: webPage.port }),
        certificate.spkiSha256Base64,
      ),
    });
  } catch (error) {
    await Promise.all([server.close(), webPage.close()]);
    throw error;
  }

  const browserRequests: BrowserRequest[] = [];
  // In playwright-core 1.65 with Chromium, the context's 'request' event also carries the
  // service worker's fetches (request.serviceWorker() is set): checked by security.test.ts.
  context.on('request', (request: Request) => {
    browserRequests.push({
      url: request.url(),
      method: request.method(),
      resourceType: request.resourceType(),
      fromServiceWorker: request.serviceWorker() !== null,
      headers: request.headers(),
      postData: request.postData(),
    });
  });

  const findWorker = () =>
    context
      .serviceWorkers()
      .find((worker) => worker.url().startsWith('chrome-extension://') && worker.url().endsWith('/background.js'));
  const firstWorker = findWorker() ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(firstWorker.url()).host;
  const extensionOrigin = `chrome-extension://${extensionId}`;

  const worker = async () => findWorker() ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const badgeText = async () =>
    (await worker()).evaluate(() => (globalThis as unknown as ChromeGlobal).chrome.action.getBadgeText({}));

  const session: ExtensionSession = {
    server,
    context,
    extensionId,
    extensionOrigin,
    webPage,
    browserRequests,
    worker,
    badgeText,
    async waitForOptionsTab(timeoutMs = 10_000) {
      // Polled rather than awaited as a 'page' event: the tab may already be open, and a new
      // tab's URL is still about:blank when the event fires.
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const open = context.pages().find((page) => page.url() === `${extensionOrigin}/options.html`);
        if (open) return open;
        if (Date.now() > deadline) {
          throw new Error(
            `no options tab after ${timeoutMs} ms; open pages: ${context
              .pages()
              .map((page) => page.url())
              .join(', ')}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async openExtensionPage(file, pageOptions = {}) {
      const page = await context.newPage();
      if (pageOptions.viewport) await page.setViewportSize(pageOptions.viewport);
      await page.goto(`${extensionOrigin}/${file}`);
      return page;
    },
    async storage(area) {
      return (await worker()).evaluate(
        (name) => (globalThis as unknown as ChromeGlobal).chrome.storage[name].get(null),
        area,
      );
    },
    async close() {
      await context.close().catch(() => undefined);
      await Promise.all([server.close(), webPage.close()]);
      if (ownProfile) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
  return session;
}
