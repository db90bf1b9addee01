export { json, StubServer } from './stub-server';
export type { RecordedRequest, StubHandler } from './stub-server';
