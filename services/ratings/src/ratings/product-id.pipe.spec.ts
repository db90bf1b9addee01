import { BadRequestException } from '@nestjs/common';
import { ProductIdPipe } from './product-id.pipe';

const pipe = new ProductIdPipe();

/** The body Nest would send for the id, or undefined when the pipe accepts it. */
function errorBody(raw: string | undefined): unknown {
  try {
    pipe.transform(raw);
  } catch (error) {
    if (error instanceof BadRequestException) return error.getResponse();
    throw error;
  }
  return undefined;
}

describe('ProductIdPipe', () => {
  it.each([
    ['0', 0],
    ['007', 7],
    ['999999999999999', 999_999_999_999_999],
  ])('reads %s as %d', (raw, id) => {
    expect(pipe.transform(raw)).toBe(id);
  });

  it.each([undefined, '', 'abc', '12abc', '-3', '1.5', '0x1f', ' 1', '1e3'])('refuses %p with upstream body', (raw) => {
    expect(errorBody(raw)).toEqual({ error: 'please provide numeric product ID' });
  });

  it('refuses more than 15 digits, saying so', () => {
    expect(errorBody('1234567890123456')).toEqual({ error: 'product id must have at most 15 digits' });
  });
});
