/**
 * Pacing state in the database every instance shares, when no Redis is configured: one row per
 * tenant in the pacing-bucket table, read and written in one transaction per step (the row locked
 * on PostgreSQL; SQLite runs one writer at a time), on the database's clock (as leases are).
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { TABLE } from '../../constants';
import { DATABASE_NOW } from '../../leases/leases';
import type { BucketSpecs } from './budget';
import {
  capByRemaining,
  freshState,
  pause,
  stateAt,
  take,
  type PacingState,
  type TakeOutcome,
} from './state';
import type { PacingStore } from './store';

export function createDatabaseStore(db: Core.Strapi['db']): PacingStore {
  const client = db.dialect.client;
  const nowSql = DATABASE_NOW[client];
  if (!nowSql) throw new Error(`Pacing in the database is not supported on ${client}`);
  const postgres = client === 'postgres';

  /**
   * Runs `step` on the row of `key` in one transaction. On PostgreSQL in a transaction of its own
   * (another pooled connection); on SQLite, whose one connection an enclosing transaction may hold,
   * in that transaction when there is one (Strapi's transaction() joins it) rather than waiting for
   * it forever.
   */
  async function update<T>(
    key: string,
    specs: BucketSpecs,
    step: (state: PacingState, now: number) => { state: PacingState; result: T; changed?: boolean }
  ): Promise<T> {
    const run = async (trx: Knex.Transaction) => {
      // The clock is read with the row, once its lock is held: a step waiting for another
      // instance's must not judge the buckets at the moment it began waiting.
      const locked = () => {
        const query = trx(TABLE.pacingBucket)
          .where('name', key)
          .first('state', trx.raw(`${nowSql} as now`));
        return postgres ? query.forUpdate() : query;
      };
      let row = await locked();
      if (!row) {
        await trx(TABLE.pacingBucket)
          .insert({ name: key, state: JSON.stringify(freshState(specs, 0)) })
          .onConflict('name')
          .ignore();
        row = await locked();
      }
      const now = Number(row.now);
      const stored = JSON.parse(row.state) as PacingState;
      // A row just inserted starts full, at this step's clock.
      const current = stored.at === 0 ? freshState(specs, now) : stored;
      const { state, result, changed = true } = step(current, now);
      if (changed) {
        await trx(TABLE.pacingBucket)
          .where('name', key)
          .update({ state: JSON.stringify(state) });
      }
      return result;
    };
    return postgres
      ? db.connection.transaction(run)
      : (db.transaction(({ trx }) => run(trx)) as Promise<T>);
  }

  return {
    kind: 'database',
    take: (key, specs, request) =>
      update<TakeOutcome>(key, specs, (state, now) => {
        const taken = take(state, specs, request, now);
        // A refusal that hands no turn over changes nothing a later step would not recompute
        // (refilling is a function of the clock): no write, so no commit to wait for.
        const changed =
          taken.outcome.granted || JSON.stringify(taken.state.turn) !== JSON.stringify(state.turn);
        return { state: taken.state, result: taken.outcome, changed };
      }),
    pause: (key, specs, ms) =>
      update(key, specs, (state, now) => ({
        state: pause(state, specs, ms, now),
        result: undefined,
      })),
    capByRemaining: (key, specs, remaining, limit) =>
      update(key, specs, (state, now) => ({
        state: capByRemaining(state, specs, remaining, limit, now),
        result: undefined,
      })),
    async read(key, specs) {
      const row = await db.connection(TABLE.pacingBucket).where('name', key).first('state');
      if (!row) return null;
      const now = Number(
        (await db.connection.select(db.connection.raw(`${nowSql} as now`)).first()).now
      );
      return stateAt(JSON.parse(row.state) as PacingState, specs, now);
    },
  };
}
