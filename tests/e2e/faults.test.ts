// The shared fault scenarios (./faults.ts) in Chromium: the unmodified Chrome build in Debian's Chromium.
import { inject } from 'vitest';
import { launchChromium } from './chromium-driver';
import { defineFaults } from './faults';

defineFaults(() => launchChromium({ extensionDir: inject('extensionDir') }));
