/**
 * Who holds a download ticket, as they are now: a request by ticket carries no admin session, so
 * the checks Strapi's admin authentication and the route's policy make are made here, from the
 * ticket's user: the account exists and is active, the session the ticket was asked in is still
 * active (signing out ends its tickets too), and the user still holds the plugin's `read`.
 */
import type { Core } from '@strapi/strapi';
import { PERMISSIONS } from '../../../shared/permissions';
import type { Ability, FilesUser } from './access';

interface SessionManager {
  (origin: 'admin'): { isSessionActive(sessionId: string): Promise<boolean> };
}

export async function activeAdminOf(
  strapi: Core.Strapi,
  userId: number,
  sessionId: string | null
): Promise<{ user: FilesUser; ability: Ability } | null> {
  const user = (await strapi.db
    .query('admin::user')
    .findOne({ where: { id: userId }, populate: ['roles'] })) as
    (FilesUser & { isActive?: boolean; blocked?: boolean }) | null;
  if (!user || user.isActive !== true || user.blocked === true) return null;
  const sessions = (strapi as unknown as { sessionManager?: SessionManager }).sessionManager;
  if (sessionId && sessions && !(await sessions('admin').isSessionActive(sessionId))) return null;
  const ability = (await strapi
    .service('admin::permission')
    .engine.generateUserAbility(user)) as Ability;
  if (!ability.can(PERMISSIONS.read)) return null;
  return { user, ability };
}
