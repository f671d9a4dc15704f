// One name, one definition: two exported types (or values) with the same name in utils/ or
// components/ are two shapes a reader cannot tell apart at the import, and WXT's auto-imports
// would pick one of them silently.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOTS = ['utils', 'components'];
const DECLARATION =
  /^export (?:declare )?(?:async )?(?:type|interface|const|let|function|class|enum) ([A-Za-z0-9_$]+)/gm;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

describe('exported names', () => {
  it('each is declared in one file of utils/ and components/', () => {
    const files = new Map<string, string[]>();
    for (const file of ROOTS.flatMap((root) => sources(join(process.cwd(), root)))) {
      for (const [, name] of readFileSync(file, 'utf8').matchAll(DECLARATION)) {
        files.set(name!, [...(files.get(name!) ?? []), file.slice(process.cwd().length + 1)]);
      }
    }
    expect(files.size).toBeGreaterThan(100);
    expect([...files].filter(([, where]) => where.length > 1)).toEqual([]);
  });
});
