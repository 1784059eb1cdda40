/**
 * The pending sign-ins of personal connections: one row per "Connect" press, holding what the
 * callback needs to finish it (the owner, the kind of drive, the PKCE verifier) and nothing an
 * attacker could use from a database dump: the state is stored hashed, the verifier sealed.
 *
 * A state is single use, expires after 10 minutes, and is bound to the browser that started it
 * (a random key in an httpOnly cookie, also stored hashed): a sign-in link handed to someone else
 * cannot attach their Microsoft account to the admin user who made it.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { DriveKind } from '../../../shared/contracts/drives';
import type { SecretBox } from '../auth/secret-box';
import { sealedNames } from '../auth/sealed-names';
import { UID } from '../constants';
import { externalDrivesError } from '../graph/errors';

export const SIGN_IN_LIFETIME_MS = 10 * 60_000;

export interface PendingSignIn {
  ownerId: number;
  kind: DriveKind;
  codeVerifier: string;
}

interface StateRow {
  id: number;
  stateHash: string;
  browserKeyHash: string;
  ownerId: number;
  kind: DriveKind;
  sealedCodeVerifier: string;
  expiresAt: string;
}

const hash = (value: string) => createHash('sha256').update(value).digest('hex');
const randomToken = () => randomBytes(32).toString('base64url');

const refused = (reason: string, message: string) =>
  externalDrivesError('authenticationFailed', {
    message,
    nextStep: 'Start connecting again from My Files.',
    details: { reason },
  });

export function createSignInStates(strapi: Core.Strapi, box: () => SecretBox) {
  const rows = () => strapi.db.query(UID.oauthState);

  return {
    /** Stores a new pending sign-in; `state` goes to Microsoft, `browserKey` into a cookie. */
    async create(
      pending: PendingSignIn
    ): Promise<{ state: string; browserKey: string; expiresAt: Date }> {
      const state = randomToken();
      const browserKey = randomToken();
      const expiresAt = new Date(Date.now() + SIGN_IN_LIFETIME_MS);
      const stateHash = hash(state);
      // Expired rows of anyone are useless: dropping them here keeps the table small.
      await rows().deleteMany({ where: { expiresAt: { $lt: new Date() } } });
      await rows().create({
        data: {
          stateHash,
          browserKeyHash: hash(browserKey),
          ownerId: pending.ownerId,
          kind: pending.kind,
          sealedCodeVerifier: box().seal(pending.codeVerifier, sealedNames.codeVerifier(stateHash)),
          expiresAt,
        },
      });
      return { state, browserKey, expiresAt };
    },

    /**
     * Takes the pending sign-in out (whatever happens next, a state is never accepted twice) and
     * checks it: known, unexpired, and coming back to the browser that started it.
     */
    async consume(
      state: string | undefined,
      browserKey: string | undefined
    ): Promise<PendingSignIn> {
      if (!state) refusedMissing('state');
      const row = (await rows().findOne({ where: { stateHash: hash(state!) } })) as StateRow | null;
      if (!row) {
        throw refused('unknown_state', 'This sign-in link is not valid or was already used');
      }
      // Deleting by id and counting what was deleted makes two concurrent callbacks race safely.
      const { count } = (await rows().deleteMany({ where: { id: row.id } })) as { count: number };
      if (count !== 1) {
        throw refused('unknown_state', 'This sign-in link is not valid or was already used');
      }
      if (new Date(row.expiresAt).getTime() < Date.now()) {
        throw refused('expired_state', 'This sign-in took longer than 10 minutes and has expired');
      }
      const expected = Buffer.from(row.browserKeyHash, 'hex');
      const given = Buffer.from(hash(browserKey ?? ''), 'hex');
      if (!browserKey || !timingSafeEqual(expected, given)) {
        throw refused(
          'other_browser',
          'This sign-in was started in another browser or by another user'
        );
      }
      return {
        ownerId: row.ownerId,
        kind: row.kind,
        codeVerifier: box().open(row.sealedCodeVerifier, sealedNames.codeVerifier(row.stateHash)),
      };
    },

    /** An admin user's pending sign-ins (removed with the user). */
    async removeOwnedBy(ownerId: number): Promise<void> {
      await rows().deleteMany({ where: { ownerId } });
    },
  };
}

function refusedMissing(parameter: string): never {
  throw refused(`missing_${parameter}`, `The sign-in answer has no ${parameter}`);
}

export type SignInStates = ReturnType<typeof createSignInStates>;
