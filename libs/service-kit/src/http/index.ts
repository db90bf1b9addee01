/**
 * `@bookinfo/service-kit/http`: outgoing calls with the propagated headers. A separate entry point
 * so that a service that calls nobody (ratings) does not load axios at all.
 */
export { MeshHttpModule } from './mesh-http.module';
export type { MeshHttpOptions } from './mesh-http.module';
export { leanHttpAdapter } from './lean-http-adapter';
export { ANSWER_AS_TEXT } from './answer-as-text';
