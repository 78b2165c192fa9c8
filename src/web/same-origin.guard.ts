import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { CrossSiteRequestError } from '../identity/identity.errors';

/**
 * Forms that work before there is a session (sign-in, the invitation) cannot carry its CSRF token;
 * they must come from this site. A guard, so the check runs before the body is validated and
 * nothing another site sends is read, let alone echoed.
 */
@Injectable()
export class SameOriginGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const origin = request.header('origin') ?? request.header('referer');
    try {
      if (origin && new URL(origin).host === request.header('host')) return true;
    } catch {
      // not a URL: refused below
    }
    throw new CrossSiteRequestError("This form must be sent from this site's own pages.");
  }
}
