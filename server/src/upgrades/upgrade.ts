import type { Core } from '@strapi/strapi';

/** A migration as Strapi's internal migration provider runs it: `up(trx)` in a transaction. */
export type Upgrade = Parameters<
  Core.Strapi['db']['migrations']['providers']['internal']['register']
>[0];

/** Upgrades of stored data go one way: `down` is only there because Strapi's type asks for it. */
export const irreversible = async () => {
  throw new Error('An upgrade of the external-drives data cannot be reverted');
};
