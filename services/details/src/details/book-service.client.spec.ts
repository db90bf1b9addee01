import { bookServiceOrigin, toExternalBook } from './book-service.client';

const volumeInfo = {
  authors: ['William Shakespeare', 'Someone Else'],
  publisher: 'Courier Corporation',
  publishedDate: '2002',
  industryIdentifiers: [
    { type: 'OTHER', identifier: 'x' },
    { type: 'ISBN_10', identifier: '0486424618' },
    { type: 'ISBN_13', identifier: '9780486424613' },
  ],
  pageCount: 80,
  printType: 'BOOK',
  language: 'en',
};

describe('bookServiceOrigin', () => {
  it('uses HTTPS by default', () => {
    expect(bookServiceOrigin({ BOOK_SERVICE_ORIGIN: '', DO_NOT_ENCRYPT: false })).toBe('https://www.googleapis.com');
  });

  it('uses plain HTTP on port 80 with DO_NOT_ENCRYPT, for the sidecar to originate TLS', () => {
    expect(bookServiceOrigin({ BOOK_SERVICE_ORIGIN: '', DO_NOT_ENCRYPT: true })).toBe('http://www.googleapis.com');
  });

  it('prefers an explicit origin', () => {
    expect(bookServiceOrigin({ BOOK_SERVICE_ORIGIN: 'http://127.0.0.1:8080', DO_NOT_ENCRYPT: false })).toBe(
      'http://127.0.0.1:8080',
    );
  });
});

describe('toExternalBook', () => {
  it('maps the first volume in upstream key order, first author only', () => {
    const book = toExternalBook({ items: [{ volumeInfo }, { volumeInfo: { authors: ['Other'] } }] });
    expect(JSON.stringify(book)).toBe(
      '{"author":"William Shakespeare","year":"2002","type":"paperback","pages":80,' +
        '"publisher":"Courier Corporation","language":"English","ISBN-10":"0486424618","ISBN-13":"9780486424613"}',
    );
  });

  it.each([
    [null, 'Google Books returned no volume for this ISBN'],
    ['text', 'Google Books returned no volume for this ISBN'],
    [{ items: 'x' }, 'Google Books returned no volume for this ISBN'],
    [{ items: [{}] }, 'Google Books returned no volume for this ISBN'],
    [{ items: [{ volumeInfo: [] }] }, 'Google Books returned no volume for this ISBN'],
    [{ items: [{ volumeInfo: { ...volumeInfo, authors: 'W.S.' } }] }, 'Google Books volume has no author'],
    [{ items: [{ volumeInfo: { ...volumeInfo, authors: [42] } }] }, 'Google Books volume has no author'],
    [
      { items: [{ volumeInfo: { ...volumeInfo, industryIdentifiers: undefined } }] },
      'Google Books volume has no ISBN_10 identifier',
    ],
    [
      { items: [{ volumeInfo: { ...volumeInfo, industryIdentifiers: [{ type: 'ISBN_10', identifier: '1' }] } }] },
      'Google Books volume has no ISBN_13 identifier',
    ],
    [{ items: [{ volumeInfo: { ...volumeInfo, pageCount: 8.5 } }] }, 'Google Books volume has an invalid pageCount'],
    [{ items: [{ volumeInfo: { ...volumeInfo, publisher: {} } }] }, 'Google Books volume has an invalid publisher'],
    [
      { items: [{ volumeInfo: { ...volumeInfo, publishedDate: 2002 } }] },
      'Google Books volume has an invalid publishedDate',
    ],
  ])('refuses %j', (body, message) => {
    expect(() => toExternalBook(body)).toThrow(message);
  });
});
