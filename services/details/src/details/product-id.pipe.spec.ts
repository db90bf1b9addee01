import { BadRequestException } from '@nestjs/common';
import { ProductIdPipe } from './product-id.pipe';

describe('ProductIdPipe', () => {
  const pipe = new ProductIdPipe();

  it.each([
    ['0', 0],
    ['7', 7],
    ['010', 10],
    ['000000000000015', 15],
    ['999999999999999', 999_999_999_999_999],
  ])('reads %s as decimal %d', (raw, id) => {
    expect(pipe.transform(raw)).toBe(id);
  });

  it.each([undefined, '', 'abc', '0x1f', '0b1', '-1', '+1', ' 1', '1 ', '1_000', '1.0', '1e3', 'Infinity', '١'])(
    'refuses %p with upstream message',
    (raw) => {
      expect(() => pipe.transform(raw)).toThrow(BadRequestException);
      try {
        pipe.transform(raw);
      } catch (error) {
        expect((error as BadRequestException).getResponse()).toEqual({ error: 'please provide numeric product id' });
      }
    },
  );

  it('refuses more than 15 digits, saying so', () => {
    expect(() => pipe.transform('1234567890123456')).toThrow('Bad Request Exception');
    try {
      pipe.transform('1234567890123456');
    } catch (error) {
      expect((error as BadRequestException).getResponse()).toEqual({
        error: 'product id must have at most 15 digits',
      });
    }
  });
});
