import { BaseServiceConfig, EnvBoolean, EnvInteger, EnvString } from '@bookinfo/service-kit';

const HOSTNAME = /^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/;
const HOSTNAME_WORDS = 'a host name (letters, digits, dots and hyphens)';

/**
 * productpage's settings. Backend names, ports and FLOOD_FACTOR keep upstream's variable names and
 * defaults, so the Kubernetes manifests and Istio docs work unchanged.
 */
export class ProductpageConfig extends BaseServiceConfig {
  @EnvString(HOSTNAME, HOSTNAME_WORDS)
  DETAILS_HOSTNAME = 'details';

  /** Not `DETAILS_PORT`: Kubernetes service links inject `DETAILS_PORT=tcp://...` (upstream #43731). */
  @EnvInteger(1, 65535)
  DETAILS_SERVICE_PORT = 9080;

  @EnvString(HOSTNAME, HOSTNAME_WORDS)
  REVIEWS_HOSTNAME = 'reviews';

  @EnvInteger(1, 65535)
  REVIEWS_SERVICE_PORT = 9080;

  @EnvString(HOSTNAME, HOSTNAME_WORDS)
  RATINGS_HOSTNAME = 'ratings';

  @EnvInteger(1, 65535)
  RATINGS_SERVICE_PORT = 9080;

  /** Appended as `.<domain>` to every backend host (e.g. `default.svc.cluster.local`); empty = none. */
  @EnvString(/^$|^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/, 'empty or a DNS domain')
  SERVICES_DOMAIN = '';

  /** Extra reviews calls per page view, results discarded: upstream's `v-flooding` image (100) for
   * Istio's rate-limiting demos. */
  @EnvInteger(0, 1000)
  FLOOD_FACTOR = 0;

  /** HMAC key of the session cookie. Empty: a random key per process (sessions end on restart and
   * are not shared between replicas), with a warning at start-up. */
  @EnvString(/^$|^.{16,}$/, 'empty or at least 16 characters')
  SESSION_SECRET = '';

  /** Reuse backend connections. `false` reproduces upstream's one connection per call, so that
   * without a mesh every call can land on another replica (load-distribution demos). */
  @EnvBoolean()
  HTTP_KEEP_ALIVE = true;

  /** Per-attempt deadlines. Upstream's are fixed at 3 s and Istio's fault-injection and timeout
   * tasks depend on them; these exist so tests need not wait seconds. */
  @EnvInteger(1, 60_000)
  DETAILS_TIMEOUT_MS = 3_000;

  @EnvInteger(1, 60_000)
  REVIEWS_TIMEOUT_MS = 3_000;

  @EnvInteger(1, 60_000)
  RATINGS_TIMEOUT_MS = 3_000;
}
