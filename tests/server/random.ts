import { randomInt } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A source of integers in [0, max): crypto for live tokens, a seeded PRNG for seed(). */
export type RandomInt = (max: number) => number;

export const cryptoRandomInt: RandomInt = (max) => randomInt(max);

/** Token ids as in every api.video example: 'to' + 22 letters/digits (to1tcmSFHeYY5KzyhOqVKMKb). */
export function newTokenString(random: RandomInt = cryptoRandomInt): string {
  let id = 'to';
  for (let i = 0; i < 22; i++) id += ALPHANUMERIC[random(ALPHANUMERIC.length)];
  return id;
}

/** mulberry32: tiny, fast, and the same sequence on every machine for a given seed. */
export function seededRandom(seed: number): { next: () => number; int: RandomInt } {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return { next, int: (max) => Math.floor(next() * max) };
}
