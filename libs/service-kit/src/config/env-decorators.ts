import { Expose, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsString, Matches, Max, Min } from 'class-validator';

type PropertyDecoratorList = PropertyDecorator[];

function compose(decorators: PropertyDecoratorList): PropertyDecorator {
  return (target, key) => decorators.forEach((decorate) => decorate(target, key));
}

const passUndefined =
  (parse: (raw: string) => unknown) =>
  ({ value }: { value: unknown }) =>
    typeof value === 'string' ? parse(value.trim()) : value;

/** `true`/`false`, any case. Anything else is refused rather than silently read as false. */
export function EnvBoolean(): PropertyDecorator {
  return compose([
    Expose(),
    Transform(passUndefined((raw) => (/^true$/i.test(raw) ? true : /^false$/i.test(raw) ? false : raw))),
    IsBoolean({ message: ({ property }) => `${property} must be true or false` }),
  ]);
}

/** A whole decimal number within [min, max]. */
export function EnvInteger(min: number, max: number): PropertyDecorator {
  const message = ({ property }: { property: string }) =>
    `${property} must be a whole number from ${min} to ${max}`;
  return compose([
    Expose(),
    Transform(passUndefined((raw) => (/^\d+$/.test(raw) ? Number(raw) : raw))),
    IsInt({ message }),
    Min(min, { message }),
    Max(max, { message }),
  ]);
}

/** A number within [min, max] (fractions allowed, e.g. a probability). */
export function EnvNumber(min: number, max: number): PropertyDecorator {
  const message = ({ property }: { property: string }) => `${property} must be a number from ${min} to ${max}`;
  return compose([
    Expose(),
    Transform(passUndefined((raw) => (/^\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw))),
    Min(min, { message }),
    Max(max, { message }),
  ]);
}

/** One of a fixed set of strings. */
export function EnvEnum(allowed: readonly string[]): PropertyDecorator {
  return compose([
    Expose(),
    IsIn([...allowed], { message: ({ property }) => `${property} must be one of: ${allowed.join(', ')}` }),
  ]);
}

/** Free text, optionally constrained by a pattern described in words for the error message. */
export function EnvString(pattern?: RegExp, description?: string): PropertyDecorator {
  const decorators: PropertyDecoratorList = [Expose(), IsString()];
  if (pattern) {
    decorators.push(
      Matches(pattern, { message: ({ property }) => `${property} must be ${description ?? `like ${pattern}`}` }),
    );
  }
  return compose(decorators);
}
