import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import type { AccessRole, Actor } from './actor';

export const ACCESS_POLICY = 'calea:access-policy';

export type AccessPolicy =
  | { kind: 'public'; why: string }
  | { kind: 'authenticated' }
  | { kind: 'roles'; roles: AccessRole[] };

function declare(policy: AccessPolicy): MethodDecorator & ClassDecorator {
  const documented =
    policy.kind === 'public'
      ? [ApiExtension('x-access', { public: true, why: policy.why })]
      : [
          ApiBearerAuth(),
          ApiUnauthorizedResponse({ description: 'Not signed in, session expired or revoked, or assessor access not open' }),
          ApiExtension('x-access', policy.kind === 'roles' ? { roles: policy.roles } : { anySignedInUser: true }),
          ...(policy.kind === 'roles'
            ? [ApiForbiddenResponse({ description: `Allowed roles: ${policy.roles.join(', ')}` })]
            : []),
        ];
  return applyDecorators(SetMetadata(ACCESS_POLICY, policy), ...documented);
}

/**
 * Who may call a route: every route declares one (the global AccessGuard refuses the rest, and a
 * test walks every route). Role checks here are coarse; services enforce department scoping.
 */
export const Access = {
  /** No sign-in; say why the route is open. */
  public: (why: string) => declare({ kind: 'public', why }),
  /** Any signed-in user, whatever their role. */
  signedIn: () => declare({ kind: 'authenticated' }),
  /** Users holding one of the roles (in some department, for department roles). */
  roles: (...roles: AccessRole[]) => declare({ kind: 'roles', roles }),
};

export type RequestWithActor = Request & { actor?: Actor };

/** The signed-in caller, resolved by the AccessGuard. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<RequestWithActor>().actor;
  if (!actor) throw new Error('CurrentActor used on a route without a signed-in actor');
  return actor;
});
