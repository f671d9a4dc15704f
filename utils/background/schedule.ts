import { browser } from 'wxt/browser';
import { readSettings } from '@/utils/storage';

export const REFRESH_ALARM = 'refresh-badge';

export interface Scheduler {
  /** Make sure the refresh alarm exists with the configured period (alarms can vanish on update/restart). */
  ensure(force?: boolean): Promise<void>;
}

export function createScheduler(): Scheduler {
  return {
    async ensure(force = false) {
      const { refreshIntervalMinutes } = (await readSettings()).settings;
      const existing = await browser.alarms.get(REFRESH_ALARM);
      if (!force && existing?.periodInMinutes === refreshIntervalMinutes) return;
      await browser.alarms.create(REFRESH_ALARM, {
        delayInMinutes: refreshIntervalMinutes,
        periodInMinutes: refreshIntervalMinutes,
      });
    },
  };
}
