import { Injectable } from '@nestjs/common';

export interface BookDetails {
  id: number;
  author: string;
  year: number | string;
  type: string;
  pages: number;
  publisher: string;
  language: string;
  'ISBN-10': string;
  'ISBN-13': string;
}

@Injectable()
export class DetailsService {
  /** Bookinfo has one book; every id gets it, echoing the id (upstream behaviour). */
  getDetails(id: number): BookDetails {
    return {
      id,
      author: 'William Shakespeare',
      year: 1595,
      type: 'paperback',
      pages: 200,
      publisher: 'PublisherA',
      language: 'English',
      'ISBN-10': '1234567890',
      'ISBN-13': '123-1234567890',
    };
  }
}
