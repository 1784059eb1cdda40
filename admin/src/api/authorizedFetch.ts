/**
 * The few calls Strapi's fetch client cannot make: PATCH, a sign-in whose answer sets a cookie
 * (`credentials: 'include'`), raw-byte upload pieces. Same token, same error shape as the client.
 */
import { useAuth } from '@strapi/strapi/admin';

/** The error shape Strapi answers with, as both clients surface it. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly payload: unknown
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const backendUrl = () =>
  (window as unknown as { strapi: { backendURL: string } }).strapi.backendURL;

/** The admin's current access token, which these calls send as Strapi's client does. */
export const useAdminToken = () => useAuth('ExternalDrives', (auth) => auth.token);

export const authorizedFetch = async (token: string | null, path: string, init: RequestInit) => {
  const response = await fetch(`${backendUrl()}${path}`, {
    ...init,
    credentials: 'include',
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', ...init.headers },
  });
  const body = response.status === 204 ? {} : await response.json().catch(() => ({}));
  if (!response.ok) {
    const message =
      (body as { error?: { message?: string } }).error?.message ?? response.statusText;
    throw new ApiError(message, response.status, body);
  }
  return body as { data: unknown };
};

/** A JSON body for `authorizedFetch`. */
export const jsonRequest = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});
