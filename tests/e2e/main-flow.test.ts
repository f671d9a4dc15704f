// The shared journeys (./journeys.ts) in Chromium: the unmodified Chrome build in Debian's Chromium.
import { inject } from 'vitest';
import { launchChromium } from './chromium-driver';
import { defineJourneys } from './journeys';

defineJourneys(() => launchChromium({ extensionDir: inject('extensionDir') }));
