import { Transform } from 'class-transformer';
import { IsString, Length, Matches } from 'class-validator';
import { USERNAME_MAX_LENGTH } from './username';

/**
 * The sign-in form. Only `username` counts: Bookinfo has no accounts, so the dialog's password field
 * (`passwd`) is ignored, as upstream. Unlike upstream, the name is never read from the query string.
 */
export class LoginForm {
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString({ message: 'username is required' })
  @Length(1, USERNAME_MAX_LENGTH, { message: `username must be 1 to ${USERNAME_MAX_LENGTH} characters` })
  @Matches(/^[\x20-\x7e]*$/, { message: 'username may contain only printable ASCII characters' })
  username: string;
}
