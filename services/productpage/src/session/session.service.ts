import { Injectable, Logger } from '@nestjs/common';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import { ProductpageConfig } from '../config';
import { isValidUsername } from './username';

/** Upstream's (Flask's) cookie name. */
export const SESSION_COOKIE = 'session';

/**
 * The signed-in user lives in one cookie: the name plus an HMAC-SHA256 signature (via
 * @fastify/cookie) keyed by SESSION_SECRET. Upstream's key was a constant in its source, so anyone
 * could forge a session; a cookie whose signature does not match counts as signed out.
 */
@Injectable()
export class SessionService {
  readonly secret: string;

  constructor(config: ProductpageConfig) {
    if (config.SESSION_SECRET) {
      this.secret = config.SESSION_SECRET;
    } else {
      this.secret = randomBytes(32).toString('base64url');
      new Logger(SessionService.name).warn(
        'SESSION_SECRET is not set: using a random key, so sessions end when this process restarts and ' +
          'are not shared between replicas',
      );
    }
  }

  /** The user of a validly signed session cookie, else undefined. */
  userOf(request: FastifyRequest): string | undefined {
    const raw = request.cookies[SESSION_COOKIE];
    if (!raw) return undefined;
    const { valid, value } = request.unsignCookie(raw);
    return valid && value !== null && isValidUsername(value) ? value : undefined;
  }

  /**
   * `Secure` when the browser reached us over https: directly, or through a proxy that says so in
   * `X-Forwarded-Proto` (an Istio gateway terminating TLS). Over plain http a Secure cookie would be
   * dropped and sign-in would silently fail.
   */
  cookieAttributes(request: FastifyRequest): CookieSerializeOptions {
    const forwardedProto = request.headers['x-forwarded-proto'];
    const firstProto = (Array.isArray(forwardedProto) ? forwardedProto[0] : forwardedProto)?.split(',')[0]?.trim();
    return {
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: request.protocol === 'https' || firstProto === 'https',
    };
  }
}
