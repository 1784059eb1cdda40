/**
 * Strapi's admin roles as the platform drives' grants offer them (`GET /roles`). Granting a role a
 * drive is not enough for its users to see it: the role also needs the plugin's "Use My Files"
 * permission, so each role says whether it holds it, and the admin panel warns where it does not.
 */
export interface RoleSummary {
  id: number;
  name: string;
  /** Holds `plugin::external-drives.read` (super admins always do). */
  canUseMyFiles: boolean;
}
