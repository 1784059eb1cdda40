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

const send = (token: string | null, path: string, init: RequestInit = {}) =>
  fetch(`${backendUrl()}${path}`, {
    ...init,
    credentials: 'include',
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', ...init.headers },
  });

const failureOf = (response: Response, body: unknown) =>
  new ApiError(
    (body as { error?: { message?: string } }).error?.message ?? response.statusText,
    response.status,
    body
  );

export const authorizedFetch = async (token: string | null, path: string, init: RequestInit) => {
  const response = await send(token, path, init);
  const body = response.status === 204 ? {} : await response.json().catch(() => ({}));
  if (!response.ok) throw failureOf(response, body);
  return body as { data: unknown };
};

/**
 * A file's bytes. Strapi's fetch client reads a failed blob request as a bare "Server Error"; the
 * server's answer to a failed download is its mapped error ("File downloads are disabled by your
 * administrator", "Integration not available"), so it is read here like any other.
 */
export const authorizedBlob = async (token: string | null, path: string) => {
  const response = await send(token, path);
  if (response.ok) return response.blob();
  throw failureOf(response, await response.json().catch(() => ({})));
};

/** A JSON body for `authorizedFetch`. */
export const jsonRequest = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});
