export { freePort, freePorts } from './free-port.cjs';
export { describeIfAvailable, prerequisiteDecision } from './prerequisites';
export type { PrerequisiteDecision } from './prerequisites';
export { delayed, hangUp, json, silent, StubServer, text } from './stub-server';
export type { RecordedRequest, StubHandler } from './stub-server';
