import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { CrossSiteRequestError } from '../identity/identity.errors';
import { isSameOrigin } from '../common/same-site';

/**
 * Forms that work before there is a session (sign-in, the invitation) cannot carry its CSRF token;
 * they must come from this site. A guard, so the check runs before the body is validated and
 * nothing another site sends is read, let alone echoed.
 */
@Injectable()
export class SameOriginGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (isSameOrigin(context.switchToHttp().getRequest<Request>())) return true;
    throw new CrossSiteRequestError("This form must be sent from this site's own pages.");
  }
}
