// Ways the badge or a bulk-delete report could disagree with api.video under the faults of the
// chaos end-to-end test (tests/e2e/chaos.test.ts), made deterministic here. Timing is fixed by holding a response at the server until the test releases it.
import { afterEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startTestBackground, type TestBackground } from '../../../helpers/background';

let harness: TestBackground | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const A = 'production' as const;

/** Lets every promise callback and pending storage read of the fake browser run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('a count asked for while another count is answering', () => {
  it('is counted again after it: the badge shows what api.video has after the change, not before', async () => {
    harness = await startTestBackground({ seed: { count: 6, neverExpiring: 3, seed: 1 } });
    const { server, background } = harness;
    expect(await fakeBrowser.action.getBadgeText({})).toBe('3');

    // A count (the refresh alarm, say) has read the list; its answer is on the way.
    const held = server.hold({ method: 'GET', pathPrefix: '/upload-tokens', phase: 'after' });
    const first = background.refresher.refreshCount(A);
    await held.arrived;
    // Then a change the extension made (a delete, a create) asks for a count of its own, as
    // every change does, while the first count's answer is still held.
    server.addToken(A, { ttl: 0 });
    const second = background.refresher.refreshCount(A);
    await settle();
    held.release();
    await Promise.all([first, second]);

    expect(server.tokens(A).filter((token) => token.ttl === 0)).toHaveLength(4);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('4');
  });
});
