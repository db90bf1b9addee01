import { DEFAULT_REDIRECT, redirectTarget } from './redirect-target';

describe('redirectTarget', () => {
  const host = 'bookinfo.example:9080';

  it.each([
    [`http://${host}/productpage`, '/productpage'],
    [`https://${host}/productpage?u=test`, '/productpage?u=test'],
    [`http://BOOKINFO.example:9080/productpage`, '/productpage'],
    ['/productpage', '/productpage'],
    [`http://${host}/`, '/'],
  ])('keeps the same-origin path of %s', (referer, expected) => {
    expect(redirectTarget(referer, host)).toBe(expected);
  });

  it.each([
    undefined,
    '',
    'https://evil.com/x',
    `http://${host}.evil.com/productpage`,
    'http://bookinfo.example:9081/productpage',
    '//evil.com',
    '/\\evil.com',
    '\\\\evil.com',
    `http://${host}//evil.com`,
    `http://${host}/\\evil.com`,
    'javascript:alert(1)',
    `ftp://${host}/x`,
    'http://[bad',
  ])('falls back to /productpage for %s', (referer) => {
    expect(redirectTarget(referer, host)).toBe(DEFAULT_REDIRECT);
  });

  it('falls back without a usable Host', () => {
    expect(redirectTarget('/productpage', undefined)).toBe(DEFAULT_REDIRECT);
    expect(redirectTarget('/productpage', 'bad host/x')).toBe(DEFAULT_REDIRECT);
  });
});
