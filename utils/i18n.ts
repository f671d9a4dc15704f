import { browser } from 'wxt/browser';
import type en from '../public/_locales/en/messages.json';

/** Every key of the English locale file; a typo is a type error. */
export type MessageKey = keyof typeof en;

/**
 * Translate through the browser's own i18n (public/_locales/<lang>/messages.json).
 * Falls back to the key itself so a missing string is visible, never blank.
 */
export function t(key: MessageKey, substitutions?: string | number | (string | number)[]): string {
  const subs =
    substitutions === undefined
      ? undefined
      : (Array.isArray(substitutions) ? substitutions : [substitutions]).map(String);
  // Our MessageKey is read from the locale file itself, so WXT's generated key list (only as
  // fresh as the last `wxt prepare`) is not needed here.
  return browser.i18n.getMessage(key as Parameters<typeof browser.i18n.getMessage>[0], subs) || key;
}
