import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Clock } from '../../common/clock';
import { ForbiddenError } from '../../common/errors';
import { requestIdOf } from '../../common/request-id.middleware';
import { isSameOrigin } from '../../common/same-site';
import { assessorAccessError, CrossSiteRequestError, MissingCsrfTokenError, UnauthenticatedError } from '../identity.errors';
import { SessionService } from '../session.service';
import { CSRF_FIELD, csrfTokenMatches, presentedCsrfToken, sessionCookieOf } from '../session-cookie';
import { ACCESS_POLICY, AccessPolicy, RequestWithActor } from './access.decorator';
import { holdsAnyRole, lapsedAssessorAccess } from './access-rules';
import type { Actor } from './actor';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Deny by default: a route without an Access declaration is refused. */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger(AccessGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionService,
    private readonly clock: Clock,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_POLICY, [
      context.getHandler(),
      context.getClass(),
    ]);
    const request = context.switchToHttp().getRequest<RequestWithActor>();
    if (!policy) {
      this.logger.error(`Route ${context.getClass().name}.${context.getHandler().name} (${request.method} ${request.url}) has no access declaration`);
      throw new ForbiddenError('This route has no access declaration, so nobody may call it.');
    }
    if (policy.kind === 'public') return true;

    const credential = this.credentialOf(request);
    if (!credential) {
      throw new UnauthenticatedError('Sign in first: send a bearer token (Authorization header) or the session cookie.');
    }
    if (credential.kind === 'cookie' && !SAFE_METHODS.has(request.method)) this.refuseForgedWrite(request, credential.token);
    const actor = await this.sessions.authenticate(credential.token, credential.kind);
    actor.requestId = requestIdOf(request);
    actor.ip = request.ip;
    this.refuseLapsedAssessor(actor);
    if (policy.kind === 'roles' && !holdsAnyRole(actor, policy.roles, this.clock.now())) {
      throw new ForbiddenError(`This action needs one of these roles: ${policy.roles.join(', ')}.`);
    }
    request.actor = actor;
    return true;
  }

  private credentialOf(request: RequestWithActor): { token: string; kind: 'bearer' | 'cookie' } | null {
    const header = request.header('authorization');
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      return match ? { token: match[1], kind: 'bearer' } : null;
    }
    const cookie = sessionCookieOf(request);
    return cookie ? { token: cookie, kind: 'cookie' } : null;
  }

  /** A write made with the cookie must come from this site and carry the session's CSRF token. */
  private refuseForgedWrite(request: RequestWithActor, sessionToken: string): void {
    if (!isSameOrigin(request)) throw new CrossSiteRequestError();
    if (!csrfTokenMatches(sessionToken, presentedCsrfToken(request))) throw new MissingCsrfTokenError();
    const body = request.body as Record<string, unknown> | undefined;
    if (body && typeof body === 'object') delete body[CSRF_FIELD];
  }

  /** An assessor whose only access is a grant that is not open now gets 401 saying why. */
  private refuseLapsedAssessor(actor: Actor): void {
    const lapsed = lapsedAssessorAccess(actor, this.clock.now());
    if (lapsed) throw assessorAccessError(lapsed);
  }
}
