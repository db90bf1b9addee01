import { type ArgumentsHost, Catch, type ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { RatingsStoreError } from './ratings-store.error';

/** 503, not upstream's 200 (MySQL) or 500 (MongoDB): the caller should retry or fail over, not trust the body. */
@Catch(RatingsStoreError)
export class RatingsStoreErrorFilter implements ExceptionFilter<RatingsStoreError> {
  catch(error: RatingsStoreError, host: ArgumentsHost): void {
    void host
      .switchToHttp()
      .getResponse<FastifyReply>()
      .status(HttpStatus.SERVICE_UNAVAILABLE)
      .send({ error: error.message });
  }
}
