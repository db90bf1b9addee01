import { traceIdFromHeaders } from './trace-headers';

describe('traceIdFromHeaders (log lines with tracing off)', () => {
  const w3c = '4bf92f3577b34da6a3ce929d0e0e4736';
  const b3 = '463ac35c9f6413ad48485a3953bb6124';

  it('takes the traceparent trace id, else the x-b3-traceid (64 or 128 bits)', () => {
    expect(traceIdFromHeaders({ traceparent: `00-${w3c}-00f067aa0ba902b7-01`, 'x-b3-traceid': b3 })).toBe(w3c);
    expect(traceIdFromHeaders({ 'x-b3-traceid': b3 })).toBe(b3);
    expect(traceIdFromHeaders({ 'x-b3-traceid': 'a2fb4a1d1a96d312' })).toBe('a2fb4a1d1a96d312');
  });

  it('ignores what is missing, malformed or all zeros', () => {
    expect(traceIdFromHeaders({})).toBeUndefined();
    expect(traceIdFromHeaders({ traceparent: 'garbage', 'x-b3-traceid': b3 })).toBe(b3);
    expect(traceIdFromHeaders({ traceparent: `00-${'0'.repeat(32)}-00f067aa0ba902b7-01` })).toBeUndefined();
    expect(traceIdFromHeaders({ 'x-b3-traceid': '"},"level":"fatal' })).toBeUndefined();
    expect(traceIdFromHeaders({ 'x-b3-traceid': 'abc' })).toBeUndefined();
    expect(traceIdFromHeaders({ 'x-b3-traceid': '0000000000000000' })).toBeUndefined();
  });
});
