import type { AxiosRequestConfig } from 'axios';

/**
 * axios options for a call whose caller sorts out every answer itself: the body stays the text that
 * came in (so the caller's JSON.parse can report a malformed body as such), and every status is an
 * answer to look at, not an AxiosError with a stack trace to catch. Module constants, not closures
 * made per call.
 */
export const ANSWER_AS_TEXT = {
  responseType: 'text',
  transformResponse: (body: string): string => body,
  validateStatus: (): boolean => true,
} as const satisfies AxiosRequestConfig;
