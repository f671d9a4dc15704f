// Mozilla's linter (the checks addons.mozilla.org runs on upload) over the Firefox MV3 build.
// Fails on any error; warnings are printed, not fatal. `npm run lint:firefox` builds first.
//   tsx scripts/lint-firefox.ts [source dir, default .output/firefox-mv3]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

interface LintMessage {
  code: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

interface LintReport {
  summary: { errors: number; warnings: number; notices: number };
  errors: LintMessage[];
  warnings: LintMessage[];
  notices: LintMessage[];
}

const sourceDir = path.resolve(process.argv[2] ?? '.output/firefox-mv3');
if (!existsSync(path.join(sourceDir, 'manifest.json'))) {
  console.error(`lint-firefox: no build at ${sourceDir}: run "npx wxt build -b firefox --mv3" first`);
  process.exit(2);
}

// Its bin is not in the package's exports: find it next to the main module.
const webExt = path.join(path.dirname(createRequire(import.meta.url).resolve('web-ext')), 'bin', 'web-ext.js');
const run = spawnSync(process.execPath, [webExt, 'lint', '--source-dir', sourceDir, '--output', 'json', '--no-input'], {
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});

let report: LintReport;
try {
  // web-ext prints the JSON report on stdout; anything else (a crash) fails below.
  report = JSON.parse(run.stdout) as LintReport;
} catch {
  console.error(`lint-firefox: web-ext gave no JSON report (exit ${run.status})\n${run.stderr}${run.stdout}`);
  process.exit(2);
}

const describe = (m: LintMessage) =>
  `  ${m.code}: ${m.message}${m.file ? ` (${m.file}${m.line ? `:${m.line}` : ''}${m.column ? `:${m.column}` : ''})` : ''}`;
const { errors, warnings, notices } = report.summary;
console.log(
  `web-ext lint ${path.relative(process.cwd(), sourceDir)}: ${errors} error(s), ${warnings} warning(s), ${notices} notice(s)`,
);
for (const [title, list] of [
  ['errors', report.errors],
  ['warnings', report.warnings],
  ['notices', report.notices],
] as const) {
  if (list.length > 0) console.log(`${title}:\n${list.map(describe).join('\n')}`);
}
process.exit(report.errors.length > 0 ? 1 : 0);
