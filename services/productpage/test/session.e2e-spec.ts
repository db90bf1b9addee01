import { createHmac } from 'node:crypto';
import { json } from '@bookinfo/test-support';
import request from 'supertest';
import { REVIEWS_V2 } from './support/fixtures';
import { TEST_SESSION_SECRET, useProductpageWithBackends } from './support/productpage-app';

/** A session cookie as @fastify/cookie signs it (value.HMAC-SHA256-base64 without padding). */
function sessionCookie(user: string, secret = TEST_SESSION_SECRET): string {
  const signature = createHmac('sha256', secret).update(user).digest('base64').replace(/=+$/, '');
  return `session=${encodeURIComponent(`${user}.${signature}`)}`;
}

describe('sign in, sign out and end-user', () => {
  const harness = useProductpageWithBackends();
  let host: string;

  beforeAll(async () => {
    // A real listening port, so the Host header and the same-origin Referer agree.
    await harness.app.listen(0, '127.0.0.1');
    host = new URL(await harness.app.getUrl()).host;
  });

  const server = () => harness.app.getHttpServer();
  const login = (form: string, referer?: string) => {
    const call = request(server()).post('/login').set('host', host).type('form').send(form);
    return referer === undefined ? call : call.set('referer', referer);
  };
  const cookieOf = (response: request.Response): string => {
    const setCookie = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
    expect(setCookie).toHaveLength(1);
    return setCookie[0].split(';')[0];
  };

  it('signs in: a signed, HttpOnly, SameSite=Lax cookie and a 302 back to the page', async () => {
    const response = await login('username=jason&passwd=ignored', `http://${host}/productpage`).expect(302);
    expect(response.headers['location']).toBe('/productpage');
    const setCookie = response.headers['set-cookie'][0];
    expect(setCookie).toMatch(/^session=jason\.[A-Za-z0-9%+/]+; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(cookieOf(response)).toBe(sessionCookie('jason'));
  });

  it('marks the cookie Secure when the request came over https (X-Forwarded-Proto)', async () => {
    const response = await login('username=jason').set('x-forwarded-proto', 'https').expect(302);
    expect(response.headers['set-cookie'][0]).toContain('; Secure');
  });

  it('shows the signed-in user and sends end-user on every backend call', async () => {
    const cookie = cookieOf(await login('username=jason').expect(302));
    const html = (await request(server()).get('/productpage').set('cookie', cookie).expect(200)).text;
    expect(html).toContain('<span id="signed-in-user">jason</span>');
    expect(html).toContain('<a id="sign-out" href="logout">Sign out</a>');
    expect(html).not.toContain('sign-in-button');
    expect(html).not.toContain('<dialog');
    expect(harness.backends.details.requests[0].headers['end-user']).toBe('jason');
    expect(harness.backends.reviews.requests[0].headers['end-user']).toBe('jason');

    harness.backends.ratings.reset(json(200, { id: 0, ratings: {} }));
    await request(server()).get('/api/v1/products/0/ratings').set('cookie', cookie).expect(200);
    expect(harness.backends.ratings.requests[0].headers['end-user']).toBe('jason');
  });

  it('never forwards an end-user header sent by the client', async () => {
    await request(server()).get('/productpage').set('end-user', 'jason').expect(200);
    expect(harness.backends.reviews.requests[0].headers['end-user']).toBeUndefined();
    expect(harness.backends.details.requests[0].headers['end-user']).toBeUndefined();

    harness.backends.reviews.reset(json(200, REVIEWS_V2));
    await request(server()).get('/productpage').set('cookie', sessionCookie('alice')).set('end-user', 'jason').expect(200);
    expect(harness.backends.reviews.requests[0].headers['end-user']).toBe('alice');
  });

  it('trims the name and ignores the password', async () => {
    const response = await login('username=%20%20jason%20%20&passwd=wrong').expect(302);
    expect(cookieOf(response)).toBe(sessionCookie('jason'));
  });

  it('accepts a JSON body too', async () => {
    const response = await request(server()).post('/login').send({ username: 'jason' }).expect(302);
    expect(cookieOf(response)).toBe(sessionCookie('jason'));
  });

  it('escapes the name on the page and sends it unchanged as end-user', async () => {
    const name = '<script>alert("x")</script>';
    const cookie = cookieOf(await login(`username=${encodeURIComponent(name)}`).expect(302));
    const html = (await request(server()).get('/productpage').set('cookie', cookie).expect(200)).text;
    expect(html).toContain('<span id="signed-in-user">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</span>');
    expect(html).not.toContain(name);
    expect(harness.backends.reviews.requests[0].headers['end-user']).toBe(name);
  });

  describe('counts a cookie that is not validly signed as signed out', () => {
    it.each([
      ['unsigned', 'session=jason'],
      ['value changed, signature kept', sessionCookie('jason').replace('jason', 'admin')],
      ['signed with another key', sessionCookie('jason', 'another-secret-of-16-chars')],
      ['garbage', 'session=%E0%A4%A'],
      ['empty', 'session='],
    ])('%s', async (_name, cookie) => {
      const html = (await request(server()).get('/productpage').set('cookie', cookie).expect(200)).text;
      expect(html).toContain('<button id="sign-in-button">Sign in</button>');
      expect(html).not.toContain('signed-in-user');
      expect(harness.backends.reviews.requests[0].headers['end-user']).toBeUndefined();
    });
  });

  describe('refuses a bad username with a 400 and no session', () => {
    it.each([
      ['missing', ''],
      ['empty', 'username='],
      ['only spaces', 'username=%20%20%20'],
      ['too long', `username=${'a'.repeat(65)}`],
      ['a control character', 'username=ja%0Ason'],
      ['a tab', 'username=ja%09son'],
      ['non-ASCII', 'username=jos%C3%A9'],
      ['repeated field', 'username=a&username=b'],
    ])('%s', async (_name, form) => {
      const response = await login(form).expect(400);
      expect(response.headers['content-type']).toContain('application/json');
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(JSON.stringify(response.body.message)).toMatch(/username/);
      expect(response.headers['set-cookie']).toBeUndefined();
    });

    it('answers a body it cannot read with a 4xx JSON', async () => {
      const plain = await request(server()).post('/login').set('content-type', 'text/plain').send('jason').expect(400);
      expect(plain.body).toMatchObject({ statusCode: 400 });
      const xml = await request(server()).post('/login').set('content-type', 'application/xml').send('<u/>').expect(415);
      expect(xml.body).toMatchObject({ statusCode: 415 });
      const huge = await login(`username=${'a'.repeat(2 * 1024 * 1024)}`).expect(413);
      expect(huge.body).toMatchObject({ statusCode: 413 });
      const broken = await request(server()).post('/login').set('content-type', 'application/json').send('{"username":').expect(400);
      expect(broken.body).toMatchObject({ statusCode: 400 });
    });

    it('does not read the name from the query string (upstream did)', async () => {
      const response = await request(server()).post('/login?username=jason').expect(400);
      expect(response.headers['set-cookie']).toBeUndefined();
    });

    it('accepts the longest allowed name', async () => {
      await login(`username=${'a'.repeat(64)}`).expect(302);
    });
  });

  describe('redirects only to a path on this site', () => {
    it('goes back to the same-origin Referer, keeping its path and query', async () => {
      const response = await login('username=jason', `http://${host}/productpage?u=test`).expect(302);
      expect(response.headers['location']).toBe('/productpage?u=test');
    });

    it('goes to /productpage without a Referer (upstream sent "Location: None")', async () => {
      expect((await login('username=jason').expect(302)).headers['location']).toBe('/productpage');
      expect((await request(server()).get('/logout').expect(302)).headers['location']).toBe('/productpage');
    });

    it.each([
      'https://evil.com/x',
      'http://evil.com/productpage',
      '//evil.com',
      '/\\evil.com',
      '\\\\evil.com',
      'javascript:alert(1)',
      'data:text/html,hi',
      'not a url at all',
    ])('ignores Referer %s', async (referer) => {
      const signIn = await login('username=jason', referer).expect(302);
      const signOut = await request(server()).get('/logout').set('host', host).set('referer', referer).expect(302);
      for (const location of [signIn.headers['location'], signOut.headers['location']]) {
        expect(location).toMatch(/^\/(?![/\\])/);
        expect(location).not.toContain('evil.com');
      }
    });

    it('does not turn a same-origin //path into an off-site location', async () => {
      const response = await login('username=jason', `http://${host}//evil.com/x`).expect(302);
      expect(response.headers['location']).toBe('/productpage');
    });
  });

  it('signs out: clears the cookie and redirects back', async () => {
    const response = await request(server())
      .get('/logout')
      .set('host', host)
      .set('cookie', sessionCookie('jason'))
      .set('referer', `http://${host}/productpage`)
      .expect(302);
    expect(response.headers['location']).toBe('/productpage');
    const cleared = response.headers['set-cookie'][0];
    expect(cleared).toMatch(/^session=; Max-Age=0; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax$/);
  });

  it('answers wrong methods with 405 and Allow', async () => {
    const getLogin = await request(server()).get('/login').expect(405);
    expect(getLogin.headers['allow']).toBe('POST');
    const postLogout = await request(server()).post('/logout').expect(405);
    expect(postLogout.headers['allow']).toBe('GET, HEAD');
  });
});
