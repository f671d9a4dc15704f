// The shared accounts journey (./accounts.ts) in Chromium: the unmodified Chrome build in Debian's Chromium.
import { inject } from 'vitest';
import { launchChromium } from './chromium-driver';
import { defineAccounts } from './accounts';

defineAccounts(() => launchChromium({ extensionDir: inject('extensionDir') }));
