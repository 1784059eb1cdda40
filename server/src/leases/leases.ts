/**
 * Leases: work one Strapi instance holds, claimed in the database that every instance shares, so
 * several instances need nothing else (no Redis) to never do the same work at once. A lease is a
 * row of the lease table named after the work (`drive:12`, `upload:<id>`) with its holder and an
 * expiry. It is taken in one statement, an insert that on a name already present only overwrites
 * an expired row; renewed while the work lasts; deleted at its end. An instance that dies holding
 * one stops renewing it, and another takes it over once it expires.
 *
 * Expiries are read on the database's clock, never an instance's, so instances whose clocks differ
 * still agree on whether a lease has expired.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Core } from '@strapi/strapi';
import type { PluginConfig } from '../config';
import { PLUGIN_ID, TABLE } from '../constants';

/** Now in epoch milliseconds, as each supported database computes it in a statement. */
export const DATABASE_NOW: Record<string, string> = {
  postgres: '(extract(epoch from clock_timestamp()) * 1000)::bigint',
  sqlite: "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)",
};

/** How often a wait for a lease held elsewhere asks again. */
const WAIT_POLL_MS = 250;

export interface Lease {
  readonly name: string;
  /**
   * False once a renewal found the lease gone: this holder was silent past the expiry (its event
   * loop or the database stalled that long) and another instance may have taken it over.
   */
  isHeld(): boolean;
  /** Ends the lease (the next taker need not wait for the expiry). */
  release(): Promise<void>;
}

export interface LeaseOptions {
  /** How long a lease outlives a holder that stops renewing it (renewed every third of it). */
  durationMs: number;
  log?: (message: string) => void;
}

/** Unique per take: one instance's two holders (two pieces, two runs) are told apart too. */
const newHolder = () => `${os.hostname()}/${process.pid}/${randomUUID()}`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createLeases(db: Core.Strapi['db'], { durationMs, log }: LeaseOptions) {
  const knex = db.connection;
  const nowSql = DATABASE_NOW[db.dialect.client];
  if (!nowSql) throw new Error(`Leases are not supported on ${db.dialect.client}`);
  const now = () => knex.raw(nowSql);
  const expiryIn = (ms: number) => knex.raw(`${nowSql} + ?`, [ms]);
  const table = () => knex(TABLE.lease);

  /** One atomic attempt: inserted, or an expired row of that name overwritten; false when held. */
  async function claim(name: string, holder: string, ms: number): Promise<boolean> {
    const taken = await table()
      .insert({ name, holder, expires_at: expiryIn(ms) })
      .onConflict('name')
      .merge(['holder', 'expires_at'])
      .where(`${TABLE.lease}.expires_at`, '<', now())
      .returning('holder');
    return taken.length === 1;
  }

  /** A taken lease, renewed until released. */
  function held(name: string, holder: string): Lease {
    let holding = true;
    const renewal = setInterval(async () => {
      try {
        const renewed = await table()
          .where({ name, holder })
          .update({ expires_at: expiryIn(durationMs) });
        // (A renewal that crossed the release finds no row either, and is not news.)
        if (renewed === 0 && holding) {
          holding = false;
          clearInterval(renewal);
          log?.(`lease ${name} expired before it was renewed: another instance may hold it now`);
        }
      } catch (error) {
        // The database is away for now: the next renewal tries again, well before the expiry.
        log?.(`could not renew lease ${name}: ${(error as Error).message}`);
      }
    }, durationMs / 3);
    renewal.unref();
    return {
      name,
      isHeld: () => holding,
      async release() {
        clearInterval(renewal);
        holding = false;
        await table().where({ name, holder }).del();
      },
    };
  }

  return {
    /** Takes the lease if nobody holds it (or its holder's expired); null when held. */
    async take(name: string): Promise<Lease | null> {
      const holder = newHolder();
      return (await claim(name, holder, durationMs)) ? held(name, holder) : null;
    },

    /** Waits until the lease is free and takes it; rejects once `signal` aborts. */
    async hold(name: string, signal?: AbortSignal): Promise<Lease> {
      const holder = newHolder();
      while (!(await claim(name, holder, durationMs))) {
        signal?.throwIfAborted();
        await sleep(WAIT_POLL_MS);
      }
      return held(name, holder);
    },

    /**
     * Claims `name` for `ms` without a holder to renew or release it: the claim simply lapses.
     * True for the one caller that got it.
     */
    claimFor: (name: string, ms: number) => claim(name, newHolder(), ms),

    /** Whether someone holds the lease now. */
    async isHeld(name: string): Promise<boolean> {
      const row = await table().where('name', name).where('expires_at', '>=', now()).first('name');
      return Boolean(row);
    },
  };
}

export type Leases = ReturnType<typeof createLeases>;

/** The plugin's leases, at the configured duration. */
export function pluginLeases(strapi: Core.Strapi): Leases {
  const { leaseDurationMs } = strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig;
  return createLeases(strapi.db, {
    durationMs: leaseDurationMs,
    log: (message) => strapi.log.warn(`[${PLUGIN_ID}] ${message}`),
  });
}
