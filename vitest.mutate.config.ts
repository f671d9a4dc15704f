import { mergeConfig } from 'vitest/config';
import base from './vitest.config.ts';
import { FastFirstSequencer } from './tests/mutation/sequencer.ts';

// The unit and integration suite as Stryker runs it for each mutant (stryker.config.mjs): the same
// tests, with one module cache shared by the files of a run (`isolate: false`: half the time of a
// run, where each file would otherwise import the product and its libraries again) and the quickest
// files first. The product keeps no state at module level in utils/apivideo or utils/background
// (state lives in the objects the background creates), so sharing the cache decides no outcome;
// the whole suite passes this way (`npx vitest run -c vitest.mutate.config.ts`).
export default mergeConfig(base, {
  test: { isolate: false, sequence: { sequencer: FastFirstSequencer } },
});
