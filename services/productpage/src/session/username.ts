/**
 * A username becomes the `end-user` header on every backend call (Istio routes on it), so it must be
 * a valid header value: printable ASCII, no control characters, at most 64 characters, no
 * surrounding spaces. Anything is accepted as a name otherwise: Bookinfo has no real accounts.
 */
export const USERNAME_MAX_LENGTH = 64;
const USERNAME = /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/;

export function isValidUsername(value: string): boolean {
  return value.length <= USERNAME_MAX_LENGTH && USERNAME.test(value);
}
