import { Body, Controller, Get, Headers, Post, Redirect, Req, Res, ValidationPipe } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LoginForm } from './login.form';
import { DEFAULT_REDIRECT, redirectTarget } from './redirect-target';
import { SESSION_COOKIE, SessionService } from './session.service';

const loginValidation = new ValidationPipe({ transform: true, whitelist: true, stopAtFirstError: true });

/**
 * Sign in and out as upstream (POST /login with the form field `username`, GET /logout), both
 * answering 302 to the page the browser came from, if that page is on this site. A bad username is a
 * 400 with the reason, and no session.
 */
@Controller()
export class SessionController {
  constructor(private readonly session: SessionService) {}

  @Post('login')
  @Redirect(DEFAULT_REDIRECT, 302)
  login(
    @Body(loginValidation) form: LoginForm,
    @Headers('referer') referer: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): { url: string } {
    void reply.setCookie(SESSION_COOKIE, form.username, { ...this.session.cookieAttributes(request), signed: true });
    return { url: redirectTarget(referer, request.headers.host) };
  }

  @Get('logout')
  @Redirect(DEFAULT_REDIRECT, 302)
  logout(
    @Headers('referer') referer: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): { url: string } {
    void reply.clearCookie(SESSION_COOKIE, this.session.cookieAttributes(request));
    return { url: redirectTarget(referer, request.headers.host) };
  }
}
