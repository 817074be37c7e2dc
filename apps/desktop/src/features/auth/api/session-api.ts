import type { ChangePasswordBody, LoginBody, SessionResponse } from '@sangdam/contracts';
import { AppError } from '../../../lib/app-error.ts';
import { apiRequest } from '../../../lib/http-client.ts';

/** The current session, or null when nobody is signed in. */
export async function fetchSession(): Promise<SessionResponse | null> {
  try {
    return await apiRequest<SessionResponse>('/session');
  } catch (error) {
    if (error instanceof AppError && error.status === 401) return null;
    throw error;
  }
}

export function signIn(body: LoginBody): Promise<SessionResponse> {
  return apiRequest<SessionResponse>('/session', { method: 'POST', body });
}

export function signOut(csrfToken: string): Promise<void> {
  return apiRequest<void>('/session', { method: 'DELETE', csrfToken });
}

/** Ends the user's other sessions; this one stays signed in. */
export function changePassword(csrfToken: string, body: ChangePasswordBody): Promise<void> {
  return apiRequest<void>('/session/password', { method: 'PUT', body, csrfToken });
}
