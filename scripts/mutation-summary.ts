// Prints the mutation score of each folder from Stryker's JSON report (reports/mutation/mutation.json),
// the figures the README's "Mutation score" table states.
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface Report {
  files: Record<string, { mutants: { status: string }[] }>;
}

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

const report = JSON.parse(readFileSync('reports/mutation/mutation.json', 'utf8')) as Report;
const folders = new Map<string, { detected: number; undetected: number }>();
for (const [file, { mutants }] of Object.entries(report.files)) {
  const folder = path.dirname(path.relative(process.cwd(), path.resolve(file)));
  const tally = folders.get(folder) ?? { detected: 0, undetected: 0 };
  for (const { status } of mutants) {
    if (DETECTED.has(status)) tally.detected++;
    else if (UNDETECTED.has(status)) tally.undetected++;
  }
  folders.set(folder, tally);
}

const rows = [...folders].sort(([a], [b]) => a.localeCompare(b));
const total = rows.reduce(
  (sum, [, t]) => ({ detected: sum.detected + t.detected, undetected: sum.undetected + t.undetected }),
  {
    detected: 0,
    undetected: 0,
  },
);
const score = (t: { detected: number; undetected: number }) =>
  t.detected + t.undetected === 0 ? 'n/a' : `${((100 * t.detected) / (t.detected + t.undetected)).toFixed(1)} %`;
console.log('\nMutation score by folder (killed or timed out / all covered and uncovered mutants):');
for (const [folder, tally] of rows) {
  console.log(
    `  ${folder.padEnd(24)} ${score(tally).padStart(8)}  (${tally.detected} of ${tally.detected + tally.undetected})`,
  );
}
console.log(
  `  ${'all measured'.padEnd(24)} ${score(total).padStart(8)}  (${total.detected} of ${total.detected + total.undetected})`,
);
