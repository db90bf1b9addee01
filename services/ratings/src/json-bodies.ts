import { BadRequestException } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Server } from 'node:http';

/** Upstream's answer to a body that is not JSON, kept word for word. */
export const INVALID_JSON = { error: 'please provide valid ratings JSON' } as const;

/**
 * The only body this service takes is a JSON ratings map. Fastify would also parse text/plain and
 * Nest would add forms, each turning into a confusing validation error; without their parsers they
 * get a clean 415. JSON keeps Fastify's parser (it refuses `__proto__` keys); a body it cannot parse
 * gets upstream's 400 message instead of Fastify's wording. Runs before Nest registers its parsers,
 * which it then skips.
 */
export function acceptJsonBodiesOnly(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeContentTypeParser('text/plain');
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser<Server>('application/json', {}, (request, body, done) => {
    parseJson(request, body.toString('utf8'), (error, value) => {
      if (error) done(new BadRequestException(INVALID_JSON), undefined);
      else done(null, value);
    });
  });
}
