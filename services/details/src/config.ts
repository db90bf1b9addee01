import { BaseServiceConfig, EnvBoolean, EnvInteger, EnvString } from '@bookinfo/service-kit';

export class DetailsConfig extends BaseServiceConfig {
  /** v2: the book comes from the Google Books API instead of the built-in record (upstream's v2 image). */
  @EnvBoolean()
  ENABLE_EXTERNAL_BOOK_SERVICE = false;

  /**
   * Speak plain HTTP to www.googleapis.com on port 80 and let the mesh originate TLS (pairs with
   * upstream's `egress-rule-google-apis.yaml`); otherwise HTTPS on 443.
   */
  @EnvBoolean()
  DO_NOT_ENCRYPT = false;

  /**
   * Replaces the Google Books origin (scheme://host[:port], no path), e.g. for a local stub in tests
   * or an internal mirror. Empty: derived from DO_NOT_ENCRYPT.
   */
  @EnvString(/^(https?:\/\/[^/?#\s]+)?$/, 'empty or an origin like http://host:port (no path)')
  BOOK_SERVICE_ORIGIN = '';

  /** Whole-call deadline for the Google Books request (upstream: 5 s read timeout). */
  @EnvInteger(1, 60_000)
  BOOK_SERVICE_TIMEOUT_MS = 5_000;
}
