import { type BackendResult, isJsonObject, type JsonObject } from '../backends/backend-result';
import type { Product } from '../products/catalog';

export const MAX_STARS = 5;

export interface StarsView {
  readonly count: number;
  /** `text-black-500` (reviews v2) or `text-red-500` (v3), as upstream. */
  readonly colorClass: string;
  /** One entry per star to draw (handlebars loops over arrays, not numbers). */
  readonly filled: readonly number[];
  readonly outline: readonly number[];
}

export interface ReviewView {
  readonly reviewer: string;
  readonly text: string;
  readonly stars?: StarsView;
  readonly ratingError?: string;
}

export type DetailsView =
  | {
      readonly ok: true;
      readonly isbn10: string;
      readonly publisher: string;
      readonly pages: string;
      readonly type: string;
      readonly language: string;
    }
  | { readonly ok: false; readonly error: string };

export type ReviewsView =
  | { readonly ok: true; readonly podname: string; readonly clustername?: string; readonly items: readonly ReviewView[] }
  | { readonly ok: false; readonly error: string };

export interface ProductPageView {
  readonly user?: string;
  readonly product: Product;
  readonly details: DetailsView;
  readonly reviews: ReviewsView;
}

function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

export function detailsView(result: BackendResult): DetailsView {
  if (!result.ok) return { ok: false, error: result.body.error };
  const details = result.body;
  return {
    ok: true,
    isbn10: text(details['ISBN-10']),
    publisher: text(details['publisher']),
    pages: text(details['pages']),
    type: text(details['type']),
    language: text(details['language']),
  };
}

/** A colour name safe to put in a class attribute (reviews sends `black` or `red`). */
const COLOR_NAME = /^[a-z]{1,20}$/;

/** `STAR_RUNS[n]` is `[0, ..., n-1]`: one shared, frozen array per star count, not two new ones per review. */
const STAR_RUNS: readonly (readonly number[])[] = Array.from({ length: MAX_STARS + 1 }, (_, length) =>
  Object.freeze(Array.from({ length }, (_, index) => index)),
);

/** Filled stars for the rating, outline stars up to five; 0 shows five outlines (upstream showed nothing). */
export function starsView(stars: number, color: unknown): StarsView {
  const count = Math.min(MAX_STARS, Math.max(0, Math.round(stars)));
  const colorName = typeof color === 'string' && COLOR_NAME.test(color) ? color : 'black';
  return {
    count,
    colorClass: `text-${colorName}-500`,
    filled: STAR_RUNS[count],
    outline: STAR_RUNS[MAX_STARS - count],
  };
}

function reviewView(review: JsonObject): ReviewView {
  const base = { reviewer: text(review['reviewer']), text: text(review['text']) };
  const rating = review['rating'];
  // Reviews v1 sends no rating at all: no stars and no message.
  if (!isJsonObject(rating)) return base;
  if (typeof rating['stars'] === 'number' && Number.isFinite(rating['stars'])) {
    return { ...base, stars: starsView(rating['stars'], rating['color']) };
  }
  if (typeof rating['error'] === 'string') return { ...base, ratingError: rating['error'] };
  return base;
}

export function reviewsView(result: BackendResult): ReviewsView {
  if (!result.ok) return { ok: false, error: result.body.error };
  const body = result.body;
  const reviews = Array.isArray(body['reviews']) ? body['reviews'].filter(isJsonObject) : [];
  const clustername = text(body['clustername']);
  return {
    ok: true,
    podname: text(body['podname']),
    // Reviews sends the string "null" when it does not know its cluster.
    clustername: clustername && clustername !== 'null' ? clustername : undefined,
    items: reviews.map(reviewView),
  };
}

export function productPageView(
  product: Product,
  details: BackendResult,
  reviews: BackendResult,
  user: string | undefined,
): ProductPageView {
  return { user, product, details: detailsView(details), reviews: reviewsView(reviews) };
}
