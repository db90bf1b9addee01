import { Injectable } from '@nestjs/common';
import { DetailsConfig } from '../config';
import type { BookDetails } from './book-details';
import { BookServiceClient } from './book-service.client';

/** One of the Comedy of Errors editions with Shakespeare as the single author (upstream's choice). */
export const EXTERNAL_BOOK_ISBN = '0486424618';

@Injectable()
export class DetailsService {
  constructor(
    private readonly config: DetailsConfig,
    private readonly bookService: BookServiceClient,
  ) {}

  /** Bookinfo has one book; every id gets it, echoing the id (upstream behaviour). */
  async getDetails(id: number): Promise<BookDetails> {
    if (this.config.ENABLE_EXTERNAL_BOOK_SERVICE) {
      return { id, ...(await this.bookService.fetchByIsbn(EXTERNAL_BOOK_ISBN)) };
    }
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
