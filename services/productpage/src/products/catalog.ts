export interface Product {
  readonly id: number;
  readonly title: string;
  /** Trusted, static HTML: the page renders it unescaped, as upstream. */
  readonly descriptionHtml: string;
}

/** Bookinfo sells one book; the list is upstream's `/api/v1/products` body. */
export const PRODUCTS: readonly Product[] = [
  {
    id: 0,
    title: 'The Comedy of Errors',
    descriptionHtml:
      '<a href="https://en.wikipedia.org/wiki/The_Comedy_of_Errors">Wikipedia Summary</a>: The Comedy of Errors is one of <b>William Shakespeare\'s</b> early plays. It is his shortest and one of his most farcical comedies, with a major part of the humour coming from slapstick and mistaken identity, in addition to puns and word play.',
  },
];

/** The page always shows product 0 (upstream ignores any id or query string there). */
export const PAGE_PRODUCT = PRODUCTS[0];
