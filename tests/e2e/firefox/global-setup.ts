// Runs once before the Firefox end-to-end files: fail at once (never skip) when there is no
// Firefox or no Firefox build, and copy the build once for every file to install.
import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { copyBuild, FIREFOX_BUILD_DIR, firefoxPath } from '../firefox';

declare module 'vitest' {
  export interface ProvidedContext {
    firefoxExtensionDir: string;
  }
}

export default function setup(project: TestProject) {
  try {
    firefoxPath();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  const extensionDir = copyBuild(FIREFOX_BUILD_DIR);
  project.provide('firefoxExtensionDir', extensionDir);
  return () => rmSync(extensionDir, { recursive: true, force: true });
}
