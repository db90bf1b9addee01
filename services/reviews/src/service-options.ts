import type { ServiceAppOptions } from '@bookinfo/service-kit';

/** Shared by main.ts and the e2e tests, so both run the same server. */
export const SERVICE_OPTIONS: ServiceAppOptions = { name: 'reviews' };
