import { BadRequestException } from '@nestjs/common';
import { ProductIdPipe } from './product-id.pipe';

describe('ProductIdPipe', () => {
  const pipe = new ProductIdPipe();

  it.each([
    ['0', 0],
    ['007', 7],
    ['-1', -1],
    ['2147483647', 2_147_483_647],
    ['-2147483648', -2_147_483_648],
    ['00000000000000000000042', 42],
  ])('reads %s as %d', (raw, id) => {
    expect(pipe.transform(raw)).toBe(id);
  });

  it.each(['', '-', 'abc', '1.0', '1e3', '0x1f', '+1', ' 1', '1_0', '2147483648', '-2147483649', 'Infinity', 'NaN'])(
    'refuses %p with a message saying what an id is',
    (raw) => {
      let thrown: unknown;
      try {
        pipe.transform(raw);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(BadRequestException);
      expect((thrown as BadRequestException).getResponse()).toEqual({
        error: 'product id must be a whole number from -2147483648 to 2147483647',
      });
    },
  );
});
