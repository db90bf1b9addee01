import { hangUp, json, silent, type StubHandler, text } from '@bookinfo/test-support';
import request from 'supertest';
import {
  DETAILS,
  occurrences,
  REVIEWS_RATINGS_DOWN,
  REVIEWS_V1,
  REVIEWS_V2,
  REVIEWS_V3,
  reviewsBody,
} from './support/fixtures';
import { TEST_DEADLINE_MS, useProductpageWithBackends, withProductpage } from './support/productpage-app';

const FILLED_STAR = 'id="glyphicon glyphicon-star"';
const OUTLINE_STAR = 'class="star star-outline"';

describe('GET /productpage', () => {
  const harness = useProductpageWithBackends();

  const page = () => request(harness.app.getHttpServer()).get('/productpage');

  it('renders a valid HTML5 page with the title, brand, book and details', async () => {
    const response = await page().expect(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = response.text;
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">')).toBe(true);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('<title>Simple Bookstore App</title>');
    expect(html).toMatch(/<body>[\s\S]*<\/body>\s*<\/html>\s*$/);
    expect(html).toContain('BookInfo Sample');
    expect(html).toContain('<h1 id="book-title">The Comedy of Errors</h1>');
    expect(html).toContain("<b>William Shakespeare's</b> early plays");
    expect(html).toContain('<link rel="stylesheet" href="/static/css/bookinfo.css">');
    expect(html).toContain('<script src="/static/js/sign-in.js" defer></script>');
    expect(html).not.toMatch(/<script>|\son[a-z]+=|style=/);
    expect(html).toContain('Book Details');
    for (const header of ['ISBN-10', 'Publisher', 'Pages', 'Type', 'Language']) {
      expect(html).toContain(`<th scope="col">${header}</th>`);
    }
    expect(html).toContain(
      '<td>1234567890</td><td>PublisherA</td><td>200</td><td>paperback</td><td>English</td>',
    );
  });

  it('shows the signed-out controls: sign-in button and dialog', async () => {
    const html = (await page().expect(200)).text;
    expect(html).toContain('<button id="sign-in-button">Sign in</button>');
    expect(html).toContain('<dialog id="dialog" aria-labelledby="dialog-title">');
    expect(html).toContain('Sign in to BookInfo');
    expect(html).toContain('<form method="post" action="login" name="login_form">');
    expect(html).toContain('<label for="username">Username</label><input id="username" name="username" required>');
    expect(html).toContain(
      '<label for="password">Password</label><input id="password" name="passwd" type="password">',
    );
    expect(html).toContain('<button type="submit" id="login-submit">Sign in</button>');
    expect(html).toContain('id="close-dialog"');
    expect(html).not.toContain('signed-in-user');
  });

  it('reviews v2: 5 and 4 black stars, reviewers, quoted texts and the pod name', async () => {
    const html = (await page().expect(200)).text;
    expect(html).toContain('Book Reviews');
    expect(occurrences(html, FILLED_STAR)).toBe(9);
    expect(occurrences(html, 'glyphicon-star')).toBe(9);
    expect(occurrences(html, OUTLINE_STAR)).toBe(1);
    expect(occurrences(html, 'class="stars text-black-500"')).toBe(2);
    expect(html).not.toContain('text-red-500');
    expect(html).toContain('aria-label="5 out of 5 stars"');
    expect(html).toContain('aria-label="4 out of 5 stars"');
    expect(html).toContain('<p class="reviewer-name">Reviewer1</p>');
    expect(html).toContain('<p class="reviewer-name">Reviewer2</p>');
    expect(html).toContain('<blockquote>"An extremely entertaining play by Shakespeare. The slapstick humour is refreshing!"</blockquote>');
    expect(occurrences(html, 'Reviews served by: reviews-v2-6f8d9c7b5-fghij</p>')).toBe(2);
    expect(html).not.toContain('on cluster');
  });

  it('reviews v3: red stars and the cluster name', async () => {
    harness.backends.reviews.reset(json(200, REVIEWS_V3));
    const html = (await page().expect(200)).text;
    expect(occurrences(html, FILLED_STAR)).toBe(9);
    expect(occurrences(html, 'class="stars text-red-500"')).toBe(2);
    expect(html).not.toContain('text-black-500');
    expect(html).toContain('Reviews served by: reviews-v3-7d9c8b6f4-klmno on cluster east-1</p>');
  });

  it('reviews v1: no stars at all and no rating message', async () => {
    harness.backends.reviews.reset(json(200, REVIEWS_V1));
    const html = (await page().expect(200)).text;
    expect(html).not.toContain('glyphicon-star');
    expect(html).not.toContain('star-outline');
    expect(html).not.toContain('Ratings service is currently unavailable');
    expect(html).toContain('<p class="reviewer-name">Reviewer2</p>');
    expect(html).toContain('Reviews served by: reviews-v1-5c4b7d9f8-abcde');
  });

  it('shows the rating error per review when reviews could not reach ratings', async () => {
    harness.backends.reviews.reset(json(200, REVIEWS_RATINGS_DOWN));
    const html = (await page().expect(200)).text;
    expect(occurrences(html, '<p class="rating-error">Ratings service is currently unavailable</p>')).toBe(2);
    expect(html).not.toContain('glyphicon-star');
  });

  it('mixes per-review outcomes: one rated, one failed', async () => {
    harness.backends.reviews.reset(
      json(200, reviewsBody('reviews-v3-x', [{ stars: 2, color: 'red' }, { error: 'Ratings service is currently unavailable' }])),
    );
    const html = (await page().expect(200)).text;
    expect(occurrences(html, FILLED_STAR)).toBe(2);
    expect(occurrences(html, OUTLINE_STAR)).toBe(3);
    expect(occurrences(html, 'Ratings service is currently unavailable')).toBe(1);
  });

  it('clamps odd star counts and ignores unknown colours', async () => {
    harness.backends.reviews.reset(
      json(200, reviewsBody('reviews-x', [{ stars: 9, color: 'blue"><script>' }, { stars: 0, color: 'red' }])),
    );
    const html = (await page().expect(200)).text;
    expect(occurrences(html, FILLED_STAR)).toBe(5);
    expect(occurrences(html, OUTLINE_STAR)).toBe(5);
    expect(html).toContain('class="stars text-black-500" role="img" aria-label="5 out of 5 stars"');
    expect(html).toContain('class="stars text-red-500" role="img" aria-label="0 out of 5 stars"');
    expect(html).not.toContain('<script>');
  });

  it('escapes whatever the backends send', async () => {
    harness.backends.reviews.reset(
      json(200, {
        podname: '<b>pod</b>',
        clustername: 'null',
        reviews: [{ reviewer: '<img src=x>', text: '<script>alert(1)</script>' }],
      }),
    );
    const html = (await page().expect(200)).text;
    expect(html).toContain('&lt;img src&#x3D;x&gt;');
    expect(html).toContain('"&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(html).toContain('Reviews served by: &lt;b&gt;pod&lt;/b&gt;');
    expect(html).not.toContain('<img src=x>');
  });

  describe('when a backend fails the page is still 200, with the failure in its place', () => {
    it('details 500: details error, reviews still shown', async () => {
      harness.backends.details.reset(json(500, { error: 'boom' }));
      const html = (await page().expect(200)).text;
      expect(html).toContain('Error fetching product details');
      expect(html).toContain('Sorry, product details are currently unavailable for this book.');
      expect(html).not.toContain('Book Details');
      expect(occurrences(html, FILLED_STAR)).toBe(9);
    });

    it('details slower than its deadline', async () => {
      harness.backends.details.reset(silent);
      await withProductpage(harness.backends, { DETAILS_TIMEOUT_MS: TEST_DEADLINE_MS }, async (app) => {
        const html = (await request(app.getHttpServer()).get('/productpage').expect(200)).text;
        expect(html).toContain('Error fetching product details');
        expect(html).toContain('Book Reviews');
      });
    });

    it('details answering HTML instead of JSON', async () => {
      harness.backends.details.reset(text(200, '<html>oops</html>'));
      const html = (await page().expect(200)).text;
      expect(html).toContain('Error fetching product details');
    });

    it('details dropping the connection', async () => {
      harness.backends.details.reset(hangUp);
      const html = (await page().expect(200)).text;
      expect(html).toContain('Error fetching product details');
    });

    it('reviews 503: the reviews error, details still shown', async () => {
      harness.backends.reviews.reset(json(503, { error: 'unavailable' }));
      const html = (await page().expect(200)).text;
      expect(html).toContain('Error fetching product reviews');
      expect(html).toContain('Sorry, product reviews are currently unavailable for this book.');
      expect(html).not.toContain('Book Reviews');
      expect(html).toContain('Book Details');
    });

    it('reviews slower than its deadline, malformed, or gone', async () => {
      harness.backends.reviews.reset(silent);
      await withProductpage(harness.backends, { REVIEWS_TIMEOUT_MS: TEST_DEADLINE_MS }, async (app) => {
        const html = (await request(app.getHttpServer()).get('/productpage').expect(200)).text;
        expect(html).toContain('Error fetching product reviews');
      });
      harness.backends.reviews.reset(text(200, 'not json'));
      expect((await page().expect(200)).text).toContain('Error fetching product reviews');
      harness.backends.reviews.reset(json(200, { podname: 'reviews-v2', reviews: 'not a list' }));
      expect((await page().expect(200)).text).toContain('Error fetching product reviews');
      harness.backends.reviews.reset(hangUp);
      expect((await page().expect(200)).text).toContain('Error fetching product reviews');
    });

    it('both failing at once', async () => {
      harness.backends.details.reset(json(500, {}));
      harness.backends.reviews.reset(json(500, {}));
      const html = (await page().expect(200)).text;
      expect(html).toContain('Error fetching product details');
      expect(html).toContain('Error fetching product reviews');
      expect(html).toContain('<title>Simple Bookstore App</title>');
    });
  });

  it('fetches details and reviews at the same time', async () => {
    // Each stub answers only once both calls have arrived: one after the other, the first call
    // would wait for the second until its deadline and the page would show its error.
    const bothArrived = () => harness.backends.details.requests.length > 0 && harness.backends.reviews.requests.length > 0;
    const waiting: (() => void)[] = [];
    const answerOnceBothArrived =
      (body: unknown): StubHandler =>
      (request, response) => {
        waiting.push(() => json(200, body)(request, response));
        if (bothArrived()) waiting.splice(0).forEach((answer) => answer());
      };
    harness.backends.details.reset(answerOnceBothArrived(DETAILS));
    harness.backends.reviews.reset(answerOnceBothArrived(REVIEWS_V2));
    const html = (await page().expect(200)).text;
    expect(html).toContain('Book Details');
    expect(html).toContain('Book Reviews');
  });

  it('answers HEAD with the headers and no body', async () => {
    const response = await request(harness.app.getHttpServer()).head('/productpage').expect(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.text).toBeUndefined();
  });

  it('ignores the query string (upstream ?u=normal / ?u=test links)', async () => {
    const html = (await request(harness.app.getHttpServer()).get('/productpage?u=test').expect(200)).text;
    expect(html).toContain('<title>Simple Bookstore App</title>');
    expect(harness.backends.details.requests.map((hit) => hit.url)).toEqual(['/details/0']);
    expect(harness.backends.reviews.requests.map((hit) => hit.url)).toEqual(['/reviews/0']);
  });

  it('sends security headers and Vary: Cookie', async () => {
    const response = await page().expect(200);
    const csp = response.headers['content-security-policy'];
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      "frame-ancestors 'none'",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
    ]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('same-origin');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['vary']).toBe('Cookie');
  });
});
