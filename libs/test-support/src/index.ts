export { freePort, freePorts } from './free-port.cjs';
export { describeIfAvailable, prerequisiteDecision } from './prerequisites';
export type { PrerequisiteDecision } from './prerequisites';
export { hangUp, json, silent, StubServer, text } from './stub-server';
export type { RecordedRequest, StubHandler } from './stub-server';
