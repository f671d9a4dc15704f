// The shared fault scenarios (../faults.ts) in Firefox: the unmodified Firefox MV3 build in Firefox ESR.
import { inject } from 'vitest';
import { launchFirefox } from '../firefox';
import { defineFaults } from '../faults';

defineFaults(() => launchFirefox({ extensionDir: inject('firefoxExtensionDir') }));
