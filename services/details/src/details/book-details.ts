/** The details record, in upstream's key order (clients and docs show it as is). */
export interface BookDetails {
  id: number;
  author: string;
  /** A number for the built-in book; Google's `publishedDate` string (e.g. "2002-01-01") in v2, as upstream. */
  year: number | string | null;
  type: string;
  pages: number | null;
  publisher: string | null;
  language: string;
  'ISBN-10': string;
  'ISBN-13': string;
}

const string = { type: 'string' } as const;

/**
 * The 200 body's JSON schema, for the route's `@RouteSchema`: Fastify writes the body with code
 * compiled from it (fast-json-stringify) instead of `JSON.stringify`, in this key order. It must
 * name every field, or the field is dropped; the e2e tests compare whole texts. ratings keeps
 * `JSON.stringify`: with reviewer names as keys, a schema does not pay there.
 */
export const BOOK_DETAILS_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    author: string,
    year: { type: ['integer', 'string', 'null'] },
    type: string,
    pages: { type: ['integer', 'null'] },
    publisher: { type: ['string', 'null'] },
    language: string,
    'ISBN-10': string,
    'ISBN-13': string,
  },
} as const;
