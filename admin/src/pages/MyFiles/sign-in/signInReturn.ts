/**
 * The sign-in round trip through Microsoft: what the browser remembers before leaving (in the
 * tab's sessionStorage, which survives the trip) and what the server's callback says on the way
 * back, in My Files' query string (see shared/contracts/connections.ts).
 */
import { CALLBACK_RESULT_PARAMS } from '../../../../../shared/contracts/connections';
import type { DriveKind } from '../../../../../shared/contracts/drives';

export type SignInReturn =
  | { outcome: 'connected'; driveId: number }
  | { outcome: 'account'; accountId: number }
  | { outcome: 'error'; code: string; reason: string | null };

/** The callback's own parameters, removed from the address once handled. */
const RETURN_PARAMS = [...CALLBACK_RESULT_PARAMS, 'reason'];

const positiveId = (value: string | null) => {
  const id = Number(value);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
};

export const readSignInReturn = (search: string): SignInReturn | null => {
  const params = new URLSearchParams(search);
  const error = params.get('error');
  if (error) return { outcome: 'error', code: error, reason: params.get('reason') || null };
  const driveId = positiveId(params.get('connected'));
  if (driveId !== null) return { outcome: 'connected', driveId };
  const accountId = positiveId(params.get('account'));
  if (accountId !== null) return { outcome: 'account', accountId };
  return null;
};

/** The query string without the callback's parameters ('' when nothing else is left). */
export const withoutSignInReturn = (search: string): string => {
  const params = new URLSearchParams(search);
  for (const name of RETURN_PARAMS) params.delete(name);
  const rest = params.toString();
  return rest ? `?${rest}` : '';
};

/** What the user was doing when they left for Microsoft's sign-in page. */
export interface PendingSignIn {
  kind: DriveKind;
  /** Set when signing in again for a drive marked "Authentication failed". */
  reconnectDriveId?: number;
}

const STORAGE_KEY = 'external-drives:pending-sign-in';

export const rememberSignIn = (pending: PendingSignIn) => {
  try {
    window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(pending));
  } catch {
    // Storage refused (private mode quotas): the return still works, only without the context.
  }
};

/** Reads and forgets the pending sign-in: it describes one round trip only. */
export const takePendingSignIn = (): PendingSignIn | null => {
  try {
    const stored = window.sessionStorage.getItem(STORAGE_KEY);
    window.sessionStorage.removeItem(STORAGE_KEY);
    return stored ? (JSON.parse(stored) as PendingSignIn) : null;
  } catch {
    return null;
  }
};
