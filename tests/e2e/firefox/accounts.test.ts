// The shared accounts journey (../accounts.ts) in Firefox: the unmodified Firefox MV3 build in Firefox ESR.
import { inject } from 'vitest';
import { launchFirefox } from '../firefox';
import { defineAccounts } from '../accounts';

defineAccounts(() => launchFirefox({ extensionDir: inject('firefoxExtensionDir') }));
