// The shared journeys (../journeys.ts) in Firefox: the unmodified Firefox MV3 build in Firefox ESR.
import { inject } from 'vitest';
import { launchFirefox } from '../firefox';
import { defineJourneys } from '../journeys';

defineJourneys(() => launchFirefox({ extensionDir: inject('firefoxExtensionDir') }));
