// Launches Firefox ESR headless with the unmodified Firefox MV3 build installed as a temporary
// add-on, driven over WebDriver BiDi by puppeteer-core (Playwright's Firefox needs its own
// patched build). api.video's two hosts reach the local api.video server through a recording
// proxy (./recording-proxy.ts), and its test certificate is trusted for those two hosts only.
import { randomUUID, X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type ElementHandle, type Page } from 'puppeteer-core';
import type { Browser as ExtensionBrowser } from 'wxt/browser';
import { startApiVideoServer, type ApiVideoServerOptions } from '../server';
import { pageDriver, QUERY_ENGINE_SOURCE, UiPage, type BrowserSession } from './driver';
import { API_HOSTS, copyBuild } from './fixtures';
import { startRecordingProxy } from './recording-proxy';

/** Type of `browser` inside page evaluate callbacks (they run in Firefox, not here). */
type BrowserGlobal = { browser: typeof ExtensionBrowser };

export const FIREFOX_MISSING = 'Firefox not found: run "apt-get install -y firefox-esr" or set FIREFOX_PATH';
export const FIREFOX_BUILD_DIR = fileURLToPath(new URL('../../.output/firefox-mv3', import.meta.url));

/** The Firefox to drive; throws the one-line instruction when there is none (never skip silently). */
export function firefoxPath(): string {
  const candidate = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
  if (!existsSync(candidate)) throw new Error(FIREFOX_MISSING);
  return candidate;
}

export interface FirefoxLaunchOptions {
  /** A copy of the Firefox build (copyBuild(FIREFOX_BUILD_DIR)). */
  extensionDir: string;
  server?: ApiVideoServerOptions;
  /**
   * Milliseconds of idleness after which Firefox unloads the event page (the pref
   * extensions.background.idle.timeout; Firefox's default is 30 s).
   */
  backgroundIdleMs?: number;
  /** The colour scheme pages see (default: the system's, light when headless). */
  colorScheme?: 'light' | 'dark';
  /** More Firefox preferences for this profile. */
  prefs?: Record<string, unknown>;
}

export interface FirefoxSession extends BrowserSession {
  browser: Browser;
  /** Whether the background event page is loaded right now (it is unloaded when idle). */
  backgroundLoaded(): Promise<boolean>;
}

/** cert_override.txt: Firefox accepts this certificate (by its SHA-256) for these hosts only. */
function certificateOverrides(certificatePem: string): string {
  const fingerprint = new X509Certificate(certificatePem).fingerprint256;
  // The origin port: through an HTTP proxy the connection is still to <host>:443.
  const lines = [API_HOSTS.production, API_HOSTS.sandbox].map(
    (host) => `${host}:443\tOID.2.16.840.1.101.3.4.2.1\t${fingerprint}\t\n`,
  );
  return `# PSM Certificate Override Settings file\n${lines.join('')}`;
}

/** Preferences that keep Firefox's own traffic (updates, telemetry, remote settings) off the wire. */
const QUIET_PREFS: Record<string, unknown> = {
  'app.normandy.enabled': false,
  'app.update.enabled': false,
  'browser.region.network.url': '',
  'browser.safebrowsing.downloads.remote.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'browser.search.update': false,
  'datareporting.healthreport.uploadEnabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'extensions.blocklist.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'extensions.update.enabled': false,
  'messaging-system.rsexperimentloader.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'network.dns.disablePrefetch': true,
  'network.prefetch-next': false,
  'security.OCSP.enabled': 0,
  'security.remote_settings.crlite_filters.enabled': false,
  'security.remote_settings.intermediates.enabled': false,
  'services.settings.server': 'data:,#remote-settings-dummy/v1',
  'toolkit.telemetry.enabled': false,
};

/**
 * An extension page in a new tab. page.goto() never resolves for moz-extension:// URLs over
 * BiDi; the frame's browsing context (an internal puppeteer property: the version is pinned)
 * navigates and waits for the load. page.url() stays about:blank afterwards.
 */
async function openPage(browser: Browser, url: string, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await browser.newPage();
  const frame = page.mainFrame() as unknown as {
    browsingContext: {
      navigate(url: string, wait: 'complete'): Promise<unknown>;
      setViewport(options: { viewport: { width: number; height: number } }): Promise<void>;
    };
  };
  // page.setViewport() also overrides the screen orientation, a BiDi command Firefox 140 lacks.
  if (viewport) await frame.browsingContext.setViewport({ viewport });
  await frame.browsingContext.navigate(url, 'complete');
  return page;
}

type FrameInternals = { browsingContext: { id: string } };
type Connection = { send(method: string, params: object): Promise<{ result: unknown }> };

/**
 * The tab showing `url`. Puppeteer lists the tab but its page.url() stays about:blank for
 * moz-extension:// pages: BiDi's own tree of browsing contexts says which one it is.
 */
async function waitForInstallTab(browser: Browser, url: string, timeoutMs = 15_000): Promise<Page> {
  const connection = (browser as unknown as { connection: Connection }).connection;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { result } = await connection.send('browsingContext.getTree', { maxDepth: 0 });
    const context = (result as { contexts: { context: string; url: string }[] }).contexts.find((c) => c.url === url);
    if (context) {
      const page = (await browser.pages()).find(
        (candidate) => (candidate.mainFrame() as unknown as FrameInternals).browsingContext.id === context.context,
      );
      if (page) return page;
    }
    if (Date.now() > deadline) throw new Error(`no tab showed ${url} within ${timeoutMs} ms of the install`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function firefoxUiPage(page: Page): Promise<UiPage> {
  const driver = await pageDriver<ElementHandle<Node>>(page, (firstMatch) => ({
    async fill(query, value) {
      const field = await firstMatch(query);
      // Select what is there so typing replaces it; an empty value clears it with a keypress.
      await field.evaluate((element) => (element as HTMLInputElement).select());
      if (value === '') await field.press('Backspace');
      else await field.type(value);
    },
    async readClipboard() {
      // navigator.clipboard.readText() in Firefox asks the person first (a "Paste" button):
      // paste into a scratch field with the keyboard instead, as a person would.
      await page.evaluate(() => {
        const scratch = document.createElement('textarea');
        scratch.id = 'e2e-clipboard';
        document.body.append(scratch);
        scratch.focus();
      });
      await page.keyboard.down('Control');
      await page.keyboard.press('v');
      await page.keyboard.up('Control');
      return page.evaluate(() => {
        const scratch = document.getElementById('e2e-clipboard') as HTMLTextAreaElement;
        scratch.remove();
        return scratch.value;
      });
    },
    async screenshot(path) {
      await page.screenshot({ path });
    },
    async reload() {
      // As in openPage: the frame's browsing context, since page.reload() waits on a URL it never sees.
      const frame = page.mainFrame() as unknown as {
        browsingContext: { reload(options: { wait: 'complete' }): Promise<void> };
      };
      await frame.browsingContext.reload({ wait: 'complete' });
      await page.evaluate(QUERY_ENGINE_SOURCE);
    },
  }));
  return new UiPage(driver);
}

/** The unmodified Firefox build in headless Firefox ESR, as a BrowserSession. */
export async function launchFirefox(options: FirefoxLaunchOptions): Promise<FirefoxSession> {
  const executablePath = firefoxPath();
  const manifest = JSON.parse(readFileSync(path.join(options.extensionDir, 'manifest.json'), 'utf8')) as {
    browser_specific_settings: { gecko: { id: string } };
  };
  const geckoId = manifest.browser_specific_settings.gecko.id;
  const server = await startApiVideoServer({ quiet: true, ...options.server, tls: true });
  const proxy = await startRecordingProxy(server.ports);
  const certificate = server.certificate;
  if (!certificate) throw new Error('the api.video test server did not start with TLS');
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'e2e-firefox-profile-'));
  writeFileSync(path.join(userDataDir, 'cert_override.txt'), certificateOverrides(certificate.cert));
  // BiDi's webExtension.install does not say which moz-extension:// UUID the add-on got: choose it.
  const uuid = randomUUID();
  const extensionOrigin = `moz-extension://${uuid}`;

  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath,
      headless: true,
      userDataDir,
      // Release builds ignore services.settings.server unless this is set (Utils.sys.mjs).
      env: { ...process.env, MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' },
      // Without it BiDi refuses to navigate to moz-extension:// pages.
      args: ['--remote-allow-system-access'],
      extraPrefsFirefox: {
        ...QUIET_PREFS,
        'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: uuid }),
        'network.proxy.type': 1,
        'network.proxy.http': '127.0.0.1',
        'network.proxy.http_port': proxy.port,
        'network.proxy.ssl': '127.0.0.1',
        'network.proxy.ssl_port': proxy.port,
        'network.proxy.no_proxies_on': '',
        'network.proxy.allow_hijacking_localhost': true,
        ...(options.colorScheme === undefined
          ? {}
          : // As if the system's theme were dark or light, so scrollbars and form controls follow as well.
            { 'ui.systemUsesDarkTheme': options.colorScheme === 'dark' ? 1 : 0 }),
        ...(options.backgroundIdleMs === undefined
          ? {}
          : { 'extensions.background.idle.timeout': options.backgroundIdleMs }),
        ...options.prefs,
      },
    });
  } catch (error) {
    await Promise.all([server.close(), proxy.close()]);
    rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }
  const installed = await browser.installExtension(options.extensionDir);
  if (installed !== geckoId) throw new Error(`installed ${installed}, expected ${geckoId}`);

  // The first install opens the settings page in the tab Firefox started with. It also serves to
  // read the badge, storage and the extension's views (there is no target for the event page).
  const optionsTab = await waitForInstallTab(browser, `${extensionOrigin}/options.html`);
  const optionsPage = await firefoxUiPage(optionsTab);
  const probePage = optionsTab;
  const inProbe = <R>(fn: () => R | Promise<R>) => probePage.evaluate(fn);
  const viewPaths = () =>
    inProbe(() =>
      (globalThis as unknown as BrowserGlobal).browser.extension
        .getViews()
        .map((view) => (view as unknown as Window).location.pathname),
    );

  return {
    browserName: 'firefox',
    browser,
    server,
    extensionOrigin,
    browserRequests: proxy.requests,
    waitForOptionsTab: () => Promise.resolve(optionsPage),
    async openExtensionPage(file, pageOptions = {}) {
      return firefoxUiPage(await openPage(browser, `${extensionOrigin}/${file}`, pageOptions.viewport));
    },
    badgeText: () => inProbe(() => (globalThis as unknown as BrowserGlobal).browser.action.getBadgeText({})),
    badgeTitle: () => inProbe(() => (globalThis as unknown as BrowserGlobal).browser.action.getTitle({})),
    storage: (area) =>
      probePage.evaluate((name) => (globalThis as unknown as BrowserGlobal).browser.storage[name].get(null), area),
    async backgroundLoaded() {
      return (await viewPaths()).includes('/_generated_background_page.html');
    },
    async close() {
      await browser.close().catch(() => undefined);
      await Promise.all([server.close(), proxy.close()]);
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export { copyBuild };
