'use strict';
// The bodies the two chain yardsticks (raw-chain-server.cjs, bare-nest-chain-server.cjs) answer:
// the same JSON as the services, and a page padded to the real page's size. A copy on purpose: the
// services' own data (details.service.ts, reviews.service.ts, ratings' defaults) is not
// exported, and the yardsticks must not load a service's code; only the payload sizes matter.

const REVIEWS = [
  { reviewer: 'Reviewer1', text: 'An extremely entertaining play by Shakespeare. The slapstick humour is refreshing!' },
  { reviewer: 'Reviewer2', text: 'Absolutely fun and entertaining. The play lacks thematic depth when compared to other plays by Shakespeare.' },
];

const ratingsBody = (id) => ({ id, ratings: { Reviewer1: 5, Reviewer2: 4 } });

const detailsBody = (id) => ({
  id,
  author: 'William Shakespeare',
  year: 1595,
  type: 'paperback',
  pages: 200,
  publisher: 'PublisherA',
  language: 'English',
  'ISBN-10': '1234567890',
  'ISBN-13': '123-1234567890',
});

/** reviews v2's answer, from ratings' answer (`{ ratings: { Reviewer1: 5, ... } }`). */
const reviewsBody = (id, { ratings }, podname) => ({
  id: String(id),
  podname,
  clustername: 'null',
  reviews: REVIEWS.map((review) => ({ ...review, rating: { stars: ratings[review.reviewer], color: 'black' } })),
});

/** A page with the details and reviews in it, padded to `pageBytes` (the real page's size). */
function pageHtml(details, reviews, pageBytes) {
  const items = reviews.reviews
    .map((review) => `<blockquote><p>${review.text}</p><small>${review.reviewer}</small>${'<span>*</span>'.repeat(review.rating.stars)}</blockquote>`)
    .join('');
  const page = `<!DOCTYPE html><html><head><title>Simple Bookstore App</title></head><body><dl><dt>Author</dt><dd>${details.author}</dd></dl>${items}`;
  const end = '</body></html>';
  const padding = Math.max(0, pageBytes - Buffer.byteLength(page) - end.length);
  return `${page}<!--${' '.repeat(Math.max(0, padding - 7))}-->${end}`;
}

module.exports = { ratingsBody, detailsBody, reviewsBody, pageHtml };
