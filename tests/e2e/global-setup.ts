// Runs once before the end-to-end files: fail at once (never skip) when there is no Chromium
// or no build, and copy the build once for every file to load.
import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { chromiumPath, copyBuild } from './fixtures';

declare module 'vitest' {
  export interface ProvidedContext {
    extensionDir: string;
  }
}

export default function setup(project: TestProject) {
  try {
    chromiumPath();
  } catch (error) {
    // The instruction alone, and a failed run: a stack trace (or vitest's "no test files
    // found", which it prints when global setup throws) would bury it.
    console.error((error as Error).message);
    process.exit(1);
  }
  const extensionDir = copyBuild();
  project.provide('extensionDir', extensionDir);
  return () => rmSync(extensionDir, { recursive: true, force: true });
}
