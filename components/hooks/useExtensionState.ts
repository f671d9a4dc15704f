import { ENVIRONMENTS, type Environment } from '@/utils/apivideo/types';
import { DEFAULT_SETTINGS, keyInfoItems, settingsItem, type KeyInfo, type Settings } from '@/utils/storage';
import { useStoredItem, valueOf } from '@/components/hooks/useStoredItem';

export interface ExtensionState {
  settings: Settings;
  /** The stored settings could not be read: the defaults are in use until they are saved again. */
  settingsRecovered: boolean;
  /** The saved key of each environment, masked; null when none. */
  keys: Record<Environment, KeyInfo | null>;
}

/** Settings and saved keys (masked), watched in storage; undefined until read. */
export function useExtensionState(): ExtensionState | undefined {
  const settings = useStoredItem(settingsItem);
  const production = useStoredItem(keyInfoItems.production);
  const sandbox = useStoredItem(keyInfoItems.sandbox);
  if (!settings || !production || !sandbox) return undefined;
  const keys = { production: valueOf(production) ?? null, sandbox: valueOf(sandbox) ?? null };
  return {
    settings: settings.state === 'ok' ? settings.value : DEFAULT_SETTINGS,
    settingsRecovered: settings.state === 'invalid',
    keys: Object.fromEntries(
      ENVIRONMENTS.map((environment) => [environment, keys[environment]]),
    ) as ExtensionState['keys'],
  };
}
