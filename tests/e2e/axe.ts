// axe-core against a live extension page. axe is evaluated into the page through the
// DevTools protocol (as @axe-core/playwright does), which the extension page's CSP does not
// block, then run directly: one page, no helper page, about a third of AxeBuilder's time.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import type { AxeResults } from 'axe-core';
import { expect } from 'vitest';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

export interface AxeViolationSummary {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Serious and critical violations (WCAG 2.x A/AA and best practices) of the page as it is now. */
export async function seriousViolations(page: Page): Promise<AxeViolationSummary[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(
    (tags) =>
      (window as unknown as { axe: { run: (context: Document, options: object) => Promise<AxeResults> } }).axe.run(
        document,
        {
          runOnly: { type: 'tag', values: tags },
          resultTypes: ['violations'],
        },
      ),
    TAGS,
  );
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? 'unknown',
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
}

export function formatViolations(where: string, violations: readonly AxeViolationSummary[]): string {
  return [`${where}: ${violations.length} serious/critical axe violation(s)`]
    .concat(violations.map((v) => `  [${v.impact}] ${v.id}: ${v.help} — ${v.targets.slice(0, 5).join(', ')}`))
    .join('\n');
}

/** axe in both colour schemes; all failures are listed before the assertion fails. */
export async function expectAccessible(page: Page, where: string) {
  const reports: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const violations = await seriousViolations(page);
    if (violations.length > 0) reports.push(formatViolations(`${where} (${colorScheme})`, violations));
  }
  await page.emulateMedia({ colorScheme: 'light' });
  expect(reports.join('\n'), reports.join('\n')).toBe('');
}
