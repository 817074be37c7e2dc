import { AppError } from '@sangdam/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { resolveSession, type SignedIn } from '../services/admin/accounts.ts';
import type { Deps } from '../services/deps.ts';
import type { Role } from '@sangdam/contracts';

export const sessionCookie = 'sangdam_session';

declare module 'fastify' {
  interface FastifyRequest {
    signedIn: SignedIn | null;
  }
}

/**
 * Route guards. Mutations check the CSRF token (synchronizer token kept in the session and sent
 * back in `x-csrf-token`): a cookie alone never authorises a change.
 */
export function authGuards(deps: Deps) {
  async function requireSession(request: FastifyRequest, _reply: FastifyReply) {
    const signedIn = await resolveSession(deps, request.cookies[sessionCookie]);
    if (!signedIn) throw new AppError('UNAUTHENTICATED', 'Please sign in');
    if (request.method !== 'GET' && request.headers['x-csrf-token'] !== signedIn.csrfToken) {
      throw new AppError('CSRF_FAILED', 'Your session check failed; reload the page');
    }
    request.signedIn = signedIn;
  }
  function requireRole(...roles: Role[]) {
    return async (request: FastifyRequest, reply: FastifyReply) => {
      await requireSession(request, reply);
      if (!roles.includes(request.signedIn!.user.role)) {
        throw new AppError('FORBIDDEN', 'You do not have access to this');
      }
    };
  }
  return { requireSession, requireRole };
}

export function signedInOf(request: FastifyRequest): SignedIn {
  if (!request.signedIn) throw new AppError('UNAUTHENTICATED', 'Please sign in');
  return request.signedIn;
}
