import { securityHeaders } from './security-headers';

describe('securityHeaders', () => {
  it("records helmet's headers for the options, lower-cased, and the headers it removes", () => {
    const { set, removed } = securityHeaders({
      contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:'] } },
      frameguard: { action: 'deny' },
      strictTransportSecurity: false,
    });
    expect(set['content-security-policy']).toBe("default-src 'self';img-src 'self' data:");
    expect(set['x-frame-options']).toBe('DENY');
    expect(set['x-content-type-options']).toBe('nosniff');
    expect(set).not.toHaveProperty('strict-transport-security');
    expect(removed).toEqual(['x-powered-by']);
  });

  it('refuses a CSP computed per request (nonces), which one recording cannot reproduce', () => {
    expect(() =>
      securityHeaders({
        contentSecurityPolicy: { directives: { scriptSrc: ["'self'", () => `'nonce-${Math.random()}'`] } },
      }),
    ).toThrow(/per request/);
  });

  it("passes helmet's own option errors on", () => {
    expect(() => securityHeaders({ referrerPolicy: { policy: 'no-such-policy' as never } })).toThrow();
  });
});
