/**
 * The admin roles a platform drive can be granted to, each with whether it may use My Files at
 * all: a grant to a role without the plugin's read permission shows its users nothing, and nothing
 * else tells the admin so. Read from Strapi's own role and permission tables (the admin's
 * `GET /admin/roles` needs a permission a drive manager may not hold).
 */
import type { Core } from '@strapi/strapi';
import type { RoleSummary } from '../../../shared/contracts/roles';
import { PERMISSIONS } from '../../../shared/permissions';

export type { RoleSummary };

/** Strapi's code of the super admin role, which every check lets through (files/access.ts). */
const SUPER_ADMIN_CODE = 'strapi-super-admin';

export async function listRoles(strapi: Core.Strapi): Promise<RoleSummary[]> {
  const roles = (await strapi.db.query('admin::role').findMany({
    select: ['id', 'name', 'code'],
    orderBy: { id: 'asc' },
  })) as Array<{ id: number; name: string; code?: string | null }>;
  const readPermissions = (await strapi.db.query('admin::permission').findMany({
    where: { action: PERMISSIONS.read },
    populate: { role: { select: ['id'] } },
  })) as Array<{ role?: { id: number } | null }>;
  const canRead = new Set(readPermissions.map(({ role }) => role?.id));
  return roles.map(({ id, name, code }) => ({
    id,
    name,
    canUseMyFiles: code === SUPER_ADMIN_CODE || canRead.has(id),
  }));
}
