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
