import { Logger } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { loadConfig } from '@bookinfo/service-kit';
import { ProductpageConfig } from '../config';
import { SessionService } from './session.service';

describe('SessionService', () => {
  afterEach(() => jest.restoreAllMocks());

  it('uses SESSION_SECRET when set, silently', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const service = new SessionService(loadConfig(ProductpageConfig, { SESSION_SECRET: 'a-secret-of-16-chars+' }));
    expect(service.secret).toBe('a-secret-of-16-chars+');
    expect(warn).not.toHaveBeenCalled();
  });

  it('makes up a random key per process, with a warning, when SESSION_SECRET is unset', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const config = loadConfig(ProductpageConfig, {});
    const first = new SessionService(config);
    const second = new SessionService(config);
    expect(first.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(second.secret).not.toBe(first.secret);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(String(warn.mock.calls[0][0])).toContain('SESSION_SECRET is not set');
  });

  it('marks cookies Secure only for https requests', () => {
    const service = new SessionService(loadConfig(ProductpageConfig, { SESSION_SECRET: 'a-secret-of-16-chars+' }));
    const requestWith = (protocol: string, headers: Record<string, string>) =>
      ({ protocol, headers }) as unknown as FastifyRequest;
    expect(service.cookieAttributes(requestWith('http', {}))).toEqual({
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: false,
    });
    expect(service.cookieAttributes(requestWith('https', {})).secure).toBe(true);
    expect(service.cookieAttributes(requestWith('http', { 'x-forwarded-proto': 'https' })).secure).toBe(true);
    expect(service.cookieAttributes(requestWith('http', { 'x-forwarded-proto': 'https, http' })).secure).toBe(true);
    expect(service.cookieAttributes(requestWith('http', { 'x-forwarded-proto': 'http' })).secure).toBe(false);
  });
});
