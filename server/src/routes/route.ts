/**
 * The one way the plugin declares a route: method, path, handler and who may call it. Admin routes
 * always check the admin session and one plugin permission (shared/permissions.ts); per-user
 * visibility of drives is decided in the services.
 */
import type { PermissionUid } from '../../../shared/permissions';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call a route:
 * - a permission uid: an admin route, for signed-in admins holding that permission;
 * - 'granted': a content-API route, for whom Users & Permissions (or an API token) grants it;
 * - 'public': calls that carry no Strapi session (Microsoft's notifications and sign-in
 *   callbacks, a browser following a single-use ZIP ticket); the handler proves the caller.
 */
export type Access = PermissionUid | 'granted' | 'public';

/** "controller.action", or a function for routes Users & Permissions must not list. */
export type Handler = string | ((...args: never[]) => unknown);

const policiesOf = (access: Access) =>
  access === 'granted' || access === 'public'
    ? []
    : [
        'admin::isAuthenticatedAdmin',
        { name: 'admin::hasPermissions', config: { actions: [access] } },
      ];

export const route = (method: Method, path: string, handler: Handler, access: Access) => ({
  method,
  path,
  handler,
  config:
    access === 'public' ? { auth: false as const, policies: [] } : { policies: policiesOf(access) },
});

export type Route = ReturnType<typeof route>;
