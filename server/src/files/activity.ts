/**
 * The activity record of a file operation: on platform drives Microsoft names the application as
 * the modifier, so the person who acted is only known here.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { ActivityAction } from '../../../shared/contracts/drives';
import { TABLE, UID } from '../constants';

export type { ActivityAction };

export const ACTIVITY_UID = UID.activity;

export interface AdminUserRef {
  id: number;
  firstname?: string | null;
  lastname?: string | null;
  username?: string | null;
  email?: string | null;
}

export const displayNameOf = (user: AdminUserRef) =>
  user.username ||
  [user.firstname, user.lastname].filter(Boolean).join(' ') ||
  user.email ||
  `#${user.id}`;

export async function recordActivity(
  strapi: Core.Strapi,
  entry: {
    driveId: number;
    action: ActivityAction;
    user: AdminUserRef;
    itemRemoteId?: string;
    itemName?: string;
    result: 'succeeded' | 'failed';
    errorCode?: string;
    details?: Record<string, unknown>;
  }
) {
  const { user, ...rest } = entry;
  await strapi.db.query(ACTIVITY_UID).create({
    data: { ...rest, userId: user.id, userName: displayNameOf(user), occurredAt: new Date() },
  });
}

export async function listActivity(strapi: Core.Strapi, driveId: number, limit = 100) {
  return strapi.db
    .query(ACTIVITY_UID)
    .findMany({ where: { driveId }, orderBy: { occurredAt: 'desc' }, limit });
}

/** A disconnected drive's activity goes, in the caller's transaction. */
export async function removeDriveActivity(trx: Knex.Transaction, driveId: number) {
  await trx(TABLE.activity).where('drive_id', driveId).del();
}
