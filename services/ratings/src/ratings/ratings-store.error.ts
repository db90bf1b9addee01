/**
 * The ratings store cannot serve the request now (database down, statement refused); answered with
 * 503. The message says what failed and is shown to clients; the cause goes to the log only.
 */
export class RatingsStoreError extends Error {
  override readonly name = 'RatingsStoreError';
}
