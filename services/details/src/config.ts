import { BaseServiceConfig } from '@bookinfo/service-kit';

export class DetailsConfig extends BaseServiceConfig {}
