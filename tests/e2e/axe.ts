// axe-core against a live extension page. AxeBuilder needs a page whose context can open a
// blank page for its final step; a persistent context can, so it is used as is.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

export interface AxeViolationSummary {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Serious and critical violations (WCAG 2.x A/AA and best practices), one line each when printed. */
export async function seriousViolations(page: Page): Promise<AxeViolationSummary[]> {
  // @axe-core/playwright types its page parameter against the `playwright` package's Page;
  // playwright-core's is the same class.
  const results = await new AxeBuilder({ page: page as unknown as ConstructorParameters<typeof AxeBuilder>[0]['page'] })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
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
