// A browser-neutral way to drive the extension's pages, so each journey is written once and run
// in Chromium (playwright-core, ./chromium-driver.ts) and Firefox (puppeteer-core over WebDriver
// BiDi, ./firefox.ts). Elements are found by role, label and text with one engine in both
// browsers: Testing Library's DOM queries (the ones the unit tests use), injected into the page.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ApiVideoServer } from '../server';
import type { BrowserRequest } from './fixtures';

export type NamePattern = string | RegExp;

/** One step of a query; a list of steps (lists nest) finds the last one inside the previous ones. */
export type QueryPart =
  | { role: string; name?: NamePattern; level?: number }
  | { label: string }
  | { text: string; /** Default true: hidden text counts (a live region read by screen readers). */ hidden?: boolean };
export type Query = QueryPart | readonly Query[];

type WireName = string | { source: string; flags: string };
/** A query as it crosses into the page (RegExp does not survive serialisation). */
export type WirePart =
  { role: string; name?: WireName; level?: number } | { label: string } | { text: string; hidden?: boolean };

export function toWire(query: Query): WirePart[] {
  const parts = (Array.isArray(query) ? query.flat(Infinity) : [query]) as QueryPart[];
  return parts.map((part) =>
    'role' in part && part.name instanceof RegExp
      ? { ...part, name: { source: part.name.source, flags: part.name.flags } }
      : (part as WirePart),
  );
}

/**
 * Runs in the page: every element matching the query, in document order. Defined here, sent
 * as text (it must not close over anything but the injected Testing Library).
 */
function resolveInPage(parts: WirePart[]): Element[] {
  type Queries = {
    queryAllByRole(c: Element, role: string, o: object): Element[];
    queryAllByLabelText(c: Element, text: string, o: object): Element[];
    queryAllByText(c: Element, text: string, o: object): Element[];
  };
  const dom = (globalThis as unknown as { TestingLibraryDom: Queries }).TestingLibraryDom;
  let scopes: Element[] = [document.body];
  for (const part of parts) {
    const found = new Set<Element>();
    for (const scope of scopes) {
      let matches: Element[];
      if ('role' in part) {
        const name =
          part.name === undefined || typeof part.name === 'string'
            ? part.name
            : new RegExp(part.name.source, part.name.flags);
        matches = dom.queryAllByRole(scope, part.role, {
          ...(name === undefined ? {} : { name }),
          ...(part.level === undefined ? {} : { level: part.level }),
        });
      } else if ('label' in part) {
        matches = dom.queryAllByLabelText(scope, part.label, { exact: true });
      } else {
        matches = dom.queryAllByText(scope, part.text, { exact: true });
        if (part.hidden === false) matches = matches.filter((element) => element.checkVisibility());
      }
      for (const match of matches) found.add(match);
    }
    scopes = [...found];
  }
  return scopes;
}

const require = createRequire(import.meta.url);
/** Testing Library's browser build, then the resolver, as one script for page.evaluate(). */
export const QUERY_ENGINE_SOURCE = `${readFileSync(
  require.resolve('@testing-library/dom/dist/@testing-library/dom.umd.min.js'),
  'utf8',
)};\nglobalThis.__e2eResolve = ${resolveInPage.toString()};\n`;

/** What each browser's adapter provides; everything else is built on it once, in UiPage. */
export interface PageDriver {
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  /** Runs fn on the first element matching the query (the caller has waited for it). */
  evaluateOn<R, A>(query: WirePart[], fn: (element: Element, arg: A) => R | Promise<R>, arg: A): Promise<R>;
  /** A real click (input events, not element.click()) on the first match. */
  click(query: WirePart[]): Promise<void>;
  /** Replaces the first match's value by typing `value`. */
  fill(query: WirePart[], value: string): Promise<void>;
  /** What the system clipboard holds (each browser reads it its own way). */
  readClipboard(): Promise<string>;
  /** A PNG of the viewport. */
  screenshot(path: string): Promise<void>;
  bringToFront(): Promise<void>;
  /** Loads the page again and waits until it is loaded (the query engine injected again). */
  reload(): Promise<void>;
  close(): Promise<void>;
  /** Messages of alert()/confirm()/prompt() the page opened (dismissed at once). */
  readonly dialogs: string[];
}

/** An element handle as Playwright and Puppeteer both have it (as the adapters use it). */
export interface ElementHandleLike {
  evaluate(fn: (element: unknown, arg: unknown) => unknown, arg: unknown): Promise<unknown>;
  click(): Promise<void>;
}

/** A page as Playwright and Puppeteer both have it (as the adapters use it). */
export interface PageLike<Handle extends ElementHandleLike> {
  evaluate(fn: string | ((arg: unknown) => unknown), arg?: unknown): Promise<unknown>;
  evaluateHandle(
    fn: (parts: WirePart[]) => Element | undefined,
    parts: WirePart[],
  ): Promise<{ asElement(): Handle | null }>;
  on(event: 'dialog', listener: (dialog: { message(): string; dismiss(): Promise<void> }) => void): unknown;
  bringToFront(): Promise<void>;
  close(): Promise<void>;
}

type Resolver = { __e2eResolve(parts: WirePart[]): Element[] };

/**
 * A PageDriver over either library's page: the query engine injected, dialogs recorded and
 * dismissed, queries resolved and clicked the same way. `own` adds what each browser does its
 * own way, given the first element matching a query.
 */
export async function pageDriver<Handle extends ElementHandleLike>(
  page: PageLike<Handle>,
  own: (
    firstMatch: (query: WirePart[]) => Promise<Handle>,
  ) => Pick<PageDriver, 'fill' | 'readClipboard' | 'screenshot' | 'reload'>,
): Promise<PageDriver> {
  await page.evaluate(QUERY_ENGINE_SOURCE);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const firstMatch = async (query: WirePart[]): Promise<Handle> => {
    const found = await page.evaluateHandle(
      (parts) => (globalThis as unknown as Resolver).__e2eResolve(parts)[0],
      query,
    );
    const handle = found.asElement();
    if (!handle) throw new Error(`nothing matches ${JSON.stringify(query)}`);
    return handle;
  };
  return {
    dialogs,
    evaluate: (fn, arg) => page.evaluate(fn as (arg: unknown) => unknown, arg) as never,
    evaluateOn: async (query, fn, arg) =>
      (await firstMatch(query)).evaluate(fn as (element: unknown, arg: unknown) => unknown, arg) as never,
    async click(query) {
      await (await firstMatch(query)).click();
    },
    bringToFront: () => page.bringToFront(),
    close: () => page.close(),
    ...own(firstMatch),
  };
}

const POLL_MS = 100;
const DEFAULT_TIMEOUT_MS = 10_000;

function describeQuery(query: Query): string {
  return JSON.stringify(toWire(query));
}

/** One extension page, driven the same way in both browsers. */
export class UiPage {
  constructor(private readonly driver: PageDriver) {}

  get dialogs(): readonly string[] {
    return this.driver.dialogs;
  }

  count(query: Query): Promise<number> {
    return this.driver.evaluate(
      (parts) => (globalThis as unknown as { __e2eResolve(p: unknown): Element[] }).__e2eResolve(parts).length,
      toWire(query),
    );
  }

  /**
   * Waits until the query matches (or, with gone, matches nothing; with enabled or disabled,
   * the match is enabled, or disabled: `disabled` or aria-disabled="true").
   */
  async waitFor(
    query: Query,
    options: { gone?: boolean; enabled?: boolean; disabled?: boolean; timeoutMs?: number } = {},
  ): Promise<void> {
    const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const wantsState = options.enabled || options.disabled;
    for (;;) {
      const found = await this.count(query);
      const ok = options.gone
        ? found === 0
        : found > 0 && (!wantsState || (await this.isDisabledNow(query)) === Boolean(options.disabled));
      if (ok) return;
      if (Date.now() > deadline) {
        const missing = options.gone
          ? 'still there'
          : options.enabled
            ? 'not enabled'
            : options.disabled
              ? 'not disabled'
              : 'not found';
        throw new Error(`${describeQuery(query)}: ${missing} after ${options.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /**
   * Clicks the first match once it is enabled, as a person would: a click on a disabled (or
   * aria-disabled) button does nothing. Playwright waits so on its own; puppeteer does not, and a
   * Refresh pressed while the popup's own refresh was finishing was lost in Firefox.
   */
  async click(query: Query): Promise<void> {
    await this.waitFor(query, { enabled: true });
    await this.driver.click(toWire(query));
  }

  async fill(query: Query, value: string): Promise<void> {
    await this.waitFor(query);
    await this.driver.fill(toWire(query), value);
  }

  async text(query: Query): Promise<string> {
    await this.waitFor(query);
    return this.driver.evaluateOn(toWire(query), (element) => element.textContent ?? '', undefined);
  }

  async value(query: Query): Promise<string> {
    await this.waitFor(query);
    return this.driver.evaluateOn(toWire(query), (element) => (element as HTMLInputElement).value, undefined);
  }

  async attribute(query: Query, name: string): Promise<string | null> {
    await this.waitFor(query);
    return this.driver.evaluateOn(toWire(query), (element, attribute) => element.getAttribute(attribute), name);
  }

  async isDisabled(query: Query): Promise<boolean> {
    await this.waitFor(query);
    return this.isDisabledNow(query);
  }

  private isDisabledNow(query: Query): Promise<boolean> {
    return this.driver.evaluateOn(
      toWire(query),
      (element) => (element as HTMLButtonElement).disabled === true || element.getAttribute('aria-disabled') === 'true',
      undefined,
    );
  }

  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> {
    return this.driver.evaluate(fn, arg);
  }

  async evaluateOn<R, A>(query: Query, fn: (element: Element, arg: A) => R | Promise<R>, arg: A): Promise<R> {
    await this.waitFor(query);
    return this.driver.evaluateOn(toWire(query), fn, arg);
  }

  readClipboard(): Promise<string> {
    return this.driver.readClipboard();
  }

  screenshot(path: string): Promise<void> {
    return this.driver.screenshot(path);
  }

  bringToFront(): Promise<void> {
    return this.driver.bringToFront();
  }

  reload(): Promise<void> {
    return this.driver.reload();
  }

  close(): Promise<void> {
    return this.driver.close();
  }
}

export type ExtensionPageFile = 'popup.html' | 'options.html';

/** The extension running in one browser against the local api.video, as the journeys see it. */
export interface BrowserSession {
  browserName: 'chromium' | 'firefox';
  server: ApiVideoServer;
  /** chrome-extension://<id> or moz-extension://<uuid> */
  extensionOrigin: string;
  /**
   * What left the browser. Chromium: every request of its pages and service worker (URL,
   * headers, body). Firefox: every connection through the recording proxy (host only: the
   * TLS inside is not opened), the browser's own included.
   */
  browserRequests: BrowserRequest[];
  /** The settings page the first install opened. */
  waitForOptionsTab(): Promise<UiPage>;
  openExtensionPage(
    file: ExtensionPageFile,
    options?: { viewport?: { width: number; height: number } },
  ): Promise<UiPage>;
  badgeText(): Promise<string>;
  /** The toolbar button's tooltip. */
  badgeTitle(): Promise<string>;
  storage(area: 'local' | 'session' | 'sync'): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/** Waits until the toolbar badge reads `expected`. */
export async function waitForBadge(
  session: Pick<BrowserSession, 'badgeText'>,
  expected: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = await session.badgeText();
  while (last !== expected) {
    if (Date.now() > deadline) {
      throw new Error(
        `badge: expected ${JSON.stringify(expected)}, still ${JSON.stringify(last)} after ${timeoutMs} ms`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    last = await session.badgeText();
  }
}
