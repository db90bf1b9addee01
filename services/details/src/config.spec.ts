import { ConfigValidationError, loadConfig } from '@bookinfo/service-kit';
import { DetailsConfig } from './config';

describe('DetailsConfig', () => {
  it('defaults to v1 with upstream values', () => {
    expect(loadConfig(DetailsConfig, {})).toMatchObject({
      ENABLE_EXTERNAL_BOOK_SERVICE: false,
      DO_NOT_ENCRYPT: false,
      BOOK_SERVICE_ORIGIN: '',
      BOOK_SERVICE_TIMEOUT_MS: 5000,
      PORT: 9080,
    });
  });

  it('reads v2 settings', () => {
    expect(
      loadConfig(DetailsConfig, {
        ENABLE_EXTERNAL_BOOK_SERVICE: 'true',
        DO_NOT_ENCRYPT: 'TRUE',
        BOOK_SERVICE_ORIGIN: 'https://books.internal:8443',
        BOOK_SERVICE_TIMEOUT_MS: '250',
      }),
    ).toMatchObject({
      ENABLE_EXTERNAL_BOOK_SERVICE: true,
      DO_NOT_ENCRYPT: true,
      BOOK_SERVICE_ORIGIN: 'https://books.internal:8443',
      BOOK_SERVICE_TIMEOUT_MS: 250,
    });
  });

  it.each([
    ['ENABLE_EXTERNAL_BOOK_SERVICE', 'yes', 'must be true or false'],
    ['DO_NOT_ENCRYPT', '1', 'must be true or false'],
    ['BOOK_SERVICE_ORIGIN', 'http://host/books', 'must be empty or an origin like http://host:port (no path)'],
    ['BOOK_SERVICE_ORIGIN', 'ftp://host', 'must be empty or an origin like http://host:port (no path)'],
    ['BOOK_SERVICE_TIMEOUT_MS', '0', 'must be a whole number from 1 to 60000'],
    ['BOOK_SERVICE_TIMEOUT_MS', '5s', 'must be a whole number from 1 to 60000'],
  ])('refuses %s=%s naming the variable', (name, value, expected) => {
    expect(() => loadConfig(DetailsConfig, { [name]: value })).toThrow(ConfigValidationError);
    expect(() => loadConfig(DetailsConfig, { [name]: value })).toThrow(`${name} ${expected}`);
  });
});
