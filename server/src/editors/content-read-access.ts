/**
 * Whether a content-API caller may read a content type: what Strapi itself would decide for the
 * type's `find` or `findOne` route, through the strategy that authenticated the request (a Users &
 * Permissions role, the Public role included, or an API token of any kind). Asking Strapi's auth
 * service rather than reading permissions here keeps every strategy's rules (read-only tokens,
 * expired tokens, custom token scopes) as Strapi applies them.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';

const READ_ACTIONS = ['find', 'findOne'] as const;

interface ContentApiAuth {
  verify(auth: unknown, config: { scope: string[] }): Promise<void> | void;
}

export function contentTypeReader(strapi: Core.Strapi, auth: unknown) {
  const service = strapi.get('auth') as ContentApiAuth;
  const decided = new Map<string, Promise<boolean>>();

  const allowed = async (scope: string) => {
    try {
      await service.verify(auth, { scope: [scope] });
      return true;
    } catch (error) {
      if (error instanceof errors.UnauthorizedError || error instanceof errors.ForbiddenError)
        return false;
      throw error;
    }
  };

  const mayRead = async (contentType: string) => {
    for (const action of READ_ACTIONS) if (await allowed(`${contentType}.${action}`)) return true;
    return false;
  };

  return (contentType: string): Promise<boolean> => {
    if (!decided.has(contentType)) decided.set(contentType, mayRead(contentType));
    return decided.get(contentType)!;
  };
}
