import { BaseServiceConfig, EnvBoolean, EnvInteger, EnvString } from '@bookinfo/service-kit';
import { hostname } from 'node:os';

const DNS_NAME = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/;

/** reviews v1/v2/v3 are this one class with different values, as upstream's three images. */
export class ReviewsConfig extends BaseServiceConfig {
  /** v2/v3: ask ratings for stars. v1 never calls ratings (Istio's routing tasks rely on it). */
  @EnvBoolean()
  ENABLE_RATINGS = false;

  /**
   * Copied into every `rating.color` (v2 black, v3 red). Also picks the ratings timeout, as
   * upstream: 10 s for black, 2.5 s for anything else — Istio's fault-injection task depends on both.
   */
  @EnvString(/^[a-z]{1,32}$/, 'a lowercase colour name such as black or red')
  STAR_COLOR = 'black';

  @EnvString(DNS_NAME, 'a host name or IPv4 address such as ratings')
  RATINGS_HOSTNAME = 'ratings';

  @EnvInteger(1, 65_535)
  RATINGS_SERVICE_PORT = 9080;

  /** Appended to RATINGS_HOSTNAME after a dot when set, e.g. `bookinfo.svc.cluster.local`. */
  @EnvString(/^([A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?)?$/, 'empty or a DNS domain such as bookinfo.svc.cluster.local')
  SERVICES_DOMAIN = '';

  /** For tests only: replaces the colour-derived ratings timeout when above 0. */
  @EnvInteger(0, 60_000)
  RATINGS_TIMEOUT_MS = 0;

  /** Shown as `podname`; Kubernetes sets it to the pod name. */
  @EnvString()
  HOSTNAME = hostname();

  /** Shown as `clustername`; upstream prints the string "null" when it is unset. */
  @EnvString()
  CLUSTER_NAME = 'null';
}
