// Masking for secrets that may need to be shown or logged: the API key and upload tokens.
// Both are bearer secrets (an upload token alone lets anyone upload into the account),
// so only a few characters are ever revealed, enough for a person to recognise which one.

const DOTS = '••••••••';

/** The API key as `••••••••` + its last 4 characters; strings of 8 or fewer are fully masked. */
export function maskSecret(secret: string): string {
  // Revealing 4 of a short string would reveal too large a share of it.
  if (secret.length <= 8) return DOTS;
  return DOTS + secret.slice(-4);
}

/**
 * An upload token as its first 6 + `…` + last 4 characters (`to1tcm…KMKb`).
 * Shorter tokens reveal less: at most a third of the characters ever show.
 */
export function maskToken(token: string): string {
  if (token.length >= 20) return `${token.slice(0, 6)}…${token.slice(-4)}`;
  // Below 20 characters 6 + 4 would be half the token or more: keep a third, split front/back.
  const shown = Math.floor(token.length / 3);
  if (shown < 2) return '…';
  const head = Math.ceil(shown / 2);
  const tail = shown - head;
  return `${token.slice(0, head)}…${tail > 0 ? token.slice(-tail) : ''}`;
}
