import { BadRequestException } from '@nestjs/common';
import { ProductIdPipe } from './product-id.pipe';

describe('ProductIdPipe', () => {
  const pipe = new ProductIdPipe();

  it.each([
    ['0', 0],
    ['42', 42],
    ['007', 7],
    ['999999999999999', 999999999999999],
  ])('accepts %s as %d', (raw, id) => {
    expect(pipe.transform(raw)).toBe(id);
  });

  it.each(['', 'abc', '-1', '+1', '0x1f', '1.0', '1e3', ' 1', '1 ', '١', '1234567890123456'])('refuses %j', (raw) => {
    expect(() => pipe.transform(raw)).toThrow(BadRequestException);
  });
});
