import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { relative } from 'node:path';

// Stryker stops a mutant's run at its first failing test, so the quickest files go first: a mutant
// that a quick test kills costs that test, not the slow rate-window tests before it. (Vitest's own
// order is the reverse: longest first, to balance its workers.)
export class FastFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const cost = (spec: TestSpecification) => {
      const key = `${spec.project.name}:${relative(this.ctx.config.root, spec.moduleId)}`;
      return this.ctx.cache.getFileTestResults(key)?.duration ?? this.ctx.cache.getFileStats(key)?.size ?? 0;
    };
    return [...files].sort((a, b) => cost(a) - cost(b));
  }
}
