/**
 * `@bookinfo/service-kit/http`: outgoing calls with the propagated headers. A separate entry point
 * so that a service that calls nobody (ratings) does not load an HTTP client at all.
 */
export { MeshHttp, MeshHttpModule } from './mesh-http.module';
export type { MeshHttpAsyncOptions, MeshHttpOptions } from './mesh-http.module';
export { MeshEndpoint, MeshHttpError } from './mesh-endpoint';
export type { MeshCallOptions, MeshEndpointOptions, MeshFailure, MeshResponse } from './mesh-endpoint';
