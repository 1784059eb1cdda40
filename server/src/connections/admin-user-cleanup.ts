/**
 * When an admin user is deleted or deactivated, their personal drives, Microsoft tokens and
 * pending sign-ins are removed (nothing in Microsoft 365 is touched). Subscribed to the admin user
 * model's lifecycles, so it holds whichever way the user is removed (admin panel, API, script).
 */
import type { Core } from '@strapi/strapi';
import type { ConnectionsService } from './service';

interface LifecycleEvent {
  params: { where?: Record<string, unknown>; data?: Record<string, unknown> };
  result?: { id?: number; isActive?: boolean } | Array<{ id?: number }> | { count?: number };
  state: Record<string, unknown>;
}

export function subscribeAdminUserCleanup(
  strapi: Core.Strapi,
  connections: Pick<ConnectionsService, 'removeUserData'>
) {
  const removeDataOf = async (userIds: number[]) => {
    for (const userId of userIds) {
      try {
        await connections.removeUserData(userId);
      } catch (error) {
        strapi.log.error(
          `[external-drives] could not remove the drives of admin user ${userId}: ${(error as Error).message}`
        );
      }
    }
  };

  strapi.db.lifecycles.subscribe({
    models: ['admin::user'],

    async afterDelete(event: LifecycleEvent) {
      const id = (event.result as { id?: number } | undefined)?.id;
      if (typeof id === 'number') await removeDataOf([id]);
    },

    // deleteMany returns a count only: the ids are read before the rows go.
    async beforeDeleteMany(event: LifecycleEvent) {
      const users = (await strapi.db
        .query('admin::user')
        .findMany({ where: event.params.where, select: ['id'] })) as Array<{ id: number }>;
      event.state.userIds = users.map((user) => user.id);
    },
    async afterDeleteMany(event: LifecycleEvent) {
      await removeDataOf((event.state.userIds as number[] | undefined) ?? []);
    },

    async afterUpdate(event: LifecycleEvent) {
      const user = event.result as { id?: number; isActive?: boolean } | undefined;
      if (event.params.data?.isActive === false && typeof user?.id === 'number') {
        await removeDataOf([user.id]);
      }
    },
  } as never);
}
