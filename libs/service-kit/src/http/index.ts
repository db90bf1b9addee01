/**
 * `@bookinfo/service-kit/http`: outgoing calls through `@nestjs/axios`, with the propagated headers.
 * A separate entry point so that a service that calls nobody (ratings) does not load an HTTP client.
 */
export { MeshConnections, MeshHttpModule } from './mesh-http.module';
export type { MeshHttpAsyncOptions, MeshHttpOptions } from './mesh-http.module';
export { createUndiciAdapter } from './undici-adapter';
export type { UndiciAdapterOptions } from './undici-adapter';
