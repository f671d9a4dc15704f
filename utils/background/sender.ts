import type { Browser } from 'wxt/browser';

type MessageSender = Browser.runtime.MessageSender;

/**
 * Only this extension's own pages may talk to the background: same extension id and a URL
 * inside this extension's origin. A content script or web page (even one that learnt our id)
 * has a web URL; another extension has another id. Fails closed: anything missing is refused.
 * (bitwarden/clients checks its senders the same way.)
 */
export function isTrustedSender(
  sender: MessageSender | undefined,
  extensionId: string,
  extensionOrigin: string,
): boolean {
  if (!sender || sender.id !== extensionId) return false;
  if (typeof sender.url !== 'string' || !isInside(sender.url, extensionOrigin)) return false;
  // Chrome also reports the origin of the sending frame; when present it must be ours too.
  const origin = (sender as { origin?: unknown }).origin;
  if (origin !== undefined && (typeof origin !== 'string' || !isInside(origin, extensionOrigin))) return false;
  // Our pages may live in a tab (the options page opens in one); a tab showing anything
  // but our own pages means a content script, which this extension does not have.
  if (sender.tab?.url !== undefined && !isInside(sender.tab.url, extensionOrigin)) return false;
  return true;
}

function isInside(url: string, extensionOrigin: string): boolean {
  try {
    // Not `URL.origin`: for chrome-extension: and moz-extension: URLs it is the opaque "null",
    // equal for every extension. Scheme and host identify the extension.
    const actual = new URL(url);
    const expected = new URL(extensionOrigin);
    return actual.protocol === expected.protocol && actual.host === expected.host && expected.host !== '';
  } catch {
    return false;
  }
}
