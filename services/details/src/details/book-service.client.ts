import { HttpService } from '@nestjs/axios';
import { HttpException, HttpStatus, Injectable, Logger } from '@nestjs/common';
import type { AxiosResponse } from 'axios';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';
import { DetailsConfig } from '../config';
import type { BookDetails } from './book-details';

export type ExternalBook = Omit<BookDetails, 'id'>;

/** A volume record is a few kB; anything much larger is not the API we expect. */
const MAX_RESPONSE_BYTES = 1_000_000;

/**
 * Upstream answers 400 with the exception text. The request was fine, the dependency was not, so
 * this answers 504 when Google Books is too slow and 502 for anything else it gets wrong, keeping
 * upstream's body shape `{"error": "..."}` (productpage only checks the status and shows its own text).
 */
export class BookServiceError extends HttpException {
  constructor(message: string, status: HttpStatus.BAD_GATEWAY | HttpStatus.GATEWAY_TIMEOUT = HttpStatus.BAD_GATEWAY) {
    super({ error: message }, status);
  }
}

/** `http://www.googleapis.com` with DO_NOT_ENCRYPT (the sidecar originates TLS), else HTTPS; or the override. */
export function bookServiceOrigin(
  config: Pick<DetailsConfig, 'BOOK_SERVICE_ORIGIN' | 'DO_NOT_ENCRYPT'>,
): string {
  if (config.BOOK_SERVICE_ORIGIN) return config.BOOK_SERVICE_ORIGIN;
  return config.DO_NOT_ENCRYPT ? 'http://www.googleapis.com' : 'https://www.googleapis.com';
}

/** Google Books volumes API, for details v2. */
@Injectable()
export class BookServiceClient {
  private readonly logger = new Logger(BookServiceClient.name);
  private readonly origin: string;
  private readonly timeoutMs: number;

  constructor(
    private readonly http: HttpService,
    config: DetailsConfig,
  ) {
    this.origin = bookServiceOrigin(config);
    this.timeoutMs = config.BOOK_SERVICE_TIMEOUT_MS;
  }

  /** The first volume Google finds for the ISBN, mapped as upstream maps it. Throws BookServiceError. */
  async fetchByIsbn(isbn: string): Promise<ExternalBook> {
    const url = `${this.origin}/books/v1/volumes?q=isbn:${isbn}`;
    let response: AxiosResponse<unknown>;
    try {
      response = await firstValueFrom(
        this.http
          .get<unknown>(url, { headers: { accept: 'application/json' }, maxContentLength: MAX_RESPONSE_BYTES, validateStatus: null })
          // A deadline for the whole call, not an idle one: a server trickling bytes must not hold the
          // request (and productpage's 3 s budget). Unsubscribing aborts the request.
          .pipe(timeout(this.timeoutMs)),
      );
    } catch (error) {
      if (error instanceof TimeoutError) {
        throw this.failure(url, `Google Books did not answer within ${this.timeoutMs} ms`, HttpStatus.GATEWAY_TIMEOUT);
      }
      throw this.failure(url, `Google Books request failed: ${(error as Error).message}`);
    }
    if (response.status !== 200) {
      throw this.failure(url, `Google Books answered HTTP ${response.status}`);
    }
    // axios has parsed a JSON body; one that is not JSON is still the text it came as.
    if (typeof response.data === 'string') {
      throw this.failure(url, 'Google Books answered with malformed JSON');
    }
    try {
      return toExternalBook(response.data);
    } catch (error) {
      throw this.failure(url, (error as Error).message);
    }
  }

  private failure(url: string, message: string, status?: HttpStatus.BAD_GATEWAY | HttpStatus.GATEWAY_TIMEOUT) {
    this.logger.warn({ msg: message, url });
    return new BookServiceError(message, status);
  }
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function optional<T>(volume: Json, field: string, isValid: (value: unknown) => value is T): T | null {
  const value = volume[field];
  if (value === undefined || value === null) return null;
  if (!isValid(value)) throw new Error(`Google Books volume has an invalid ${field}`);
  return value;
}

function isbn(volume: Json, type: 'ISBN_10' | 'ISBN_13'): string {
  const identifiers = Array.isArray(volume['industryIdentifiers']) ? volume['industryIdentifiers'] : [];
  const match = identifiers.find((entry): entry is Json => isObject(entry) && entry['type'] === type);
  if (typeof match?.['identifier'] !== 'string') throw new Error(`Google Books volume has no ${type} identifier`);
  return match['identifier'];
}

/**
 * Upstream's mapping of `items[0].volumeInfo`, key for key. Fields upstream cannot do without (an
 * author, both ISBNs) are required; fields it would print as `null` when absent stay nullable, but a
 * value of the wrong type is refused rather than passed on.
 */
export function toExternalBook(body: unknown): ExternalBook {
  const items = isObject(body) ? body['items'] : undefined;
  const first: unknown = Array.isArray(items) ? items[0] : undefined;
  const volume = isObject(first) ? first['volumeInfo'] : undefined;
  if (!isObject(volume)) throw new Error('Google Books returned no volume for this ISBN');

  const authors = volume['authors'];
  const author: unknown = Array.isArray(authors) ? authors[0] : undefined;
  if (typeof author !== 'string') throw new Error('Google Books volume has no author');

  return {
    author,
    year: optional(volume, 'publishedDate', (value): value is string => typeof value === 'string'),
    type: volume['printType'] === 'BOOK' ? 'paperback' : 'unknown',
    pages: optional(volume, 'pageCount', (value): value is number => Number.isInteger(value)),
    publisher: optional(volume, 'publisher', (value): value is string => typeof value === 'string'),
    language: volume['language'] === 'en' ? 'English' : 'unknown',
    'ISBN-10': isbn(volume, 'ISBN_10'),
    'ISBN-13': isbn(volume, 'ISBN_13'),
  };
}
