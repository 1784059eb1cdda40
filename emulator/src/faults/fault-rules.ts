import { seededRandom } from '../ids';
import type { HostKind } from '../control/request-stats';

/** What an injected fault does to the request it hits. */
export type FaultKind =
  /** 429 activityLimitReached (inner throttledRequest) with Retry-After. */
  | 'throttle'
  /** 503 serviceNotAvailable with Retry-After. */
  | 'unavailable'
  /** `status` 500 (default), 502 or 504. */
  | 'serverError'
  /** The socket is destroyed before any answer. */
  | 'reset'
  /** The answer comes after `delayMs` (default 30 s), past a client's timeout. */
  | 'slow'
  /** 401 InvalidAuthenticationToken; the token stays refused (the client must get a new one). */
  | 'expiredToken'
  /**
   * The caller's issued tokens are revoked (as by an admin, or a sign-in risk event) as this
   * request arrives: it is refused as every later one with them is, with a claims challenge when
   * the token declared CP1. A token issued afterwards is accepted.
   */
  | 'revokeTokens'
  /** A delta request with a token: the drive's tokens are invalidated, so 410 resyncRequired. */
  | 'resync'
  /** An upload fragment PUT: the session is gone (404), as after expiry. */
  | 'uploadSessionExpired'
  /** An upload fragment PUT: only part of it is kept; 202 with a shorter nextExpectedRanges. */
  | 'partialFragment'
  /** 404 itemNotFound although the resource exists (eventual consistency). */
  | 'notFound'
  /** Entra ID's token endpoint refuses the token request with `tokenError` (see TokenErrorKind). */
  | 'tokenError';

/**
 * The token endpoint's refusals, shaped as Entra ID answers them:
 * - temporarilyUnavailable: 503 temporarily_unavailable (AADSTS90006) with Retry-After;
 * - invalidSecret: 401 invalid_client AADSTS7000215 (a wrong secret value, e.g. the secret's id);
 * - expiredSecret: 401 invalid_client AADSTS7000222 (the client secret expired);
 * - unknownApplication: 400 unauthorized_client AADSTS700016 (no such app in the tenant);
 * - consentRequired: 400 invalid_grant AADSTS65001 (nobody consented to the app's permissions);
 * - revokedGrant: 400 invalid_grant AADSTS50173 (the refresh token was revoked).
 */
export type TokenErrorKind =
  | 'temporarilyUnavailable'
  | 'invalidSecret'
  | 'expiredSecret'
  | 'unknownApplication'
  | 'consentRequired'
  | 'revokedGrant';

export const TOKEN_ERROR_KINDS: readonly TokenErrorKind[] = [
  'temporarilyUnavailable',
  'invalidSecret',
  'expiredSecret',
  'unknownApplication',
  'consentRequired',
  'revokedGrant',
];

export const FAULT_KINDS: readonly FaultKind[] = [
  'throttle',
  'unavailable',
  'serverError',
  'reset',
  'slow',
  'expiredToken',
  'revokeTokens',
  'resync',
  'uploadSessionExpired',
  'partialFragment',
  'notFound',
  'tokenError',
];

/** Which requests a rule looks at; every field given must match. */
export interface FaultScope {
  host?: Exclude<HostKind, 'control'>;
  /** GET, PUT, ... (case-insensitive). */
  method?: string;
  /** A regular expression tested against the canonical path, e.g. "/delta$" or "^/upload/". */
  path?: string;
  driveId?: string;
  /** The calling app (Graph requests only). */
  clientId?: string;
}

export interface FaultRuleSpec extends FaultScope {
  kind: FaultKind;
  /** Inject into this share (0..1) of matching requests, drawn from a seeded generator. */
  probability?: number;
  /** Inject into exactly these matching requests (1-based): 3 = the third one. */
  nth?: number | number[];
  /** Stop after this many injections. */
  times?: number;
  /** Retry-After for throttle/unavailable (seconds, default 1). */
  retryAfterSeconds?: number;
  /**
   * Retry-After in milliseconds instead, sent as fractional seconds (`0.02`): Graph sends whole
   * seconds, but a suite of thousands of histories would spend its time waiting them out.
   */
  retryAfterMs?: number;
  /** HTTP status of serverError: 500, 502 or 504. */
  status?: 500 | 502 | 504;
  /** slow: how long the answer is held back (default 30,000 ms). */
  delayMs?: number;
  /** tokenError: which refusal the token endpoint answers. */
  tokenError?: TokenErrorKind;
  /** Seed of the probability draws (default: the rule id), so runs repeat. */
  seed?: string;
}

/** The request a rule is evaluated against (the path is the canonical one). */
export interface FaultTarget {
  host: Exclude<HostKind, 'control'>;
  method: string;
  path: string;
  driveId?: string;
  clientId?: string;
  /** A delta request carrying a token (the only kind a resync fault applies to). */
  deltaWithToken?: boolean;
  /** An upload fragment PUT. */
  uploadFragment?: boolean;
  /** The request carries a Bearer token. */
  bearer?: boolean;
  /** A request to Entra ID's token endpoint. */
  tokenRequest?: boolean;
}

export interface FaultRuleState extends FaultRuleSpec {
  id: string;
  /** Matching requests seen so far. */
  matched: number;
  injected: number;
}

/** Faults that only make sense on some requests: elsewhere the rule does not match at all. */
function applicable(kind: FaultKind, target: FaultTarget): boolean {
  switch (kind) {
    case 'resync':
      return target.deltaWithToken === true;
    case 'uploadSessionExpired':
    case 'partialFragment':
      return target.uploadFragment === true;
    case 'expiredToken':
    case 'revokeTokens':
      return target.bearer === true;
    case 'tokenError':
      return target.tokenRequest === true;
    default:
      return true;
  }
}

export function validateFaultRule(spec: FaultRuleSpec): string | undefined {
  if (!FAULT_KINDS.includes(spec.kind)) return `kind must be one of ${FAULT_KINDS.join(', ')}`;
  if (spec.probability !== undefined && (spec.probability < 0 || spec.probability > 1))
    return 'probability must be between 0 and 1';
  if (spec.probability !== undefined && spec.nth !== undefined)
    return 'give probability or nth, not both';
  const nths = spec.nth === undefined ? [] : [spec.nth].flat();
  if (nths.some((n) => !Number.isInteger(n) || n < 1)) return 'nth must be integers >= 1';
  if (spec.kind === 'tokenError' && !TOKEN_ERROR_KINDS.includes(spec.tokenError!))
    return `tokenError must be one of ${TOKEN_ERROR_KINDS.join(', ')}`;
  if (spec.status !== undefined && ![500, 502, 504].includes(spec.status))
    return 'status must be 500, 502 or 504';
  if (spec.retryAfterSeconds !== undefined && !(spec.retryAfterSeconds >= 0))
    return 'retryAfterSeconds must be >= 0';
  if (spec.retryAfterMs !== undefined && !(spec.retryAfterMs >= 0))
    return 'retryAfterMs must be >= 0';
  if (spec.retryAfterMs !== undefined && spec.retryAfterSeconds !== undefined)
    return 'give retryAfterSeconds or retryAfterMs, not both';
  if (spec.path !== undefined) {
    try {
      new RegExp(spec.path);
    } catch {
      return `path is not a regular expression: ${spec.path}`;
    }
  }
  return undefined;
}

/** One rule with its counters and its own seeded random sequence. */
export class FaultRule {
  readonly state: FaultRuleState;
  private readonly random: () => number;
  private readonly pathPattern?: RegExp;
  private readonly nths: Set<number>;

  constructor(id: string, spec: FaultRuleSpec) {
    this.state = { ...spec, id, matched: 0, injected: 0 };
    this.random = seededRandom(spec.seed ?? `fault:${id}`);
    this.pathPattern = spec.path === undefined ? undefined : new RegExp(spec.path);
    this.nths = new Set(spec.nth === undefined ? [] : [spec.nth].flat());
  }

  get exhausted(): boolean {
    return this.state.times !== undefined && this.state.injected >= this.state.times;
  }

  private inScope(target: FaultTarget): boolean {
    const { host, method, driveId, clientId } = this.state;
    return (
      (host === undefined || host === target.host) &&
      (method === undefined || method.toUpperCase() === target.method.toUpperCase()) &&
      (driveId === undefined || driveId === target.driveId) &&
      (clientId === undefined || clientId === target.clientId) &&
      (this.pathPattern === undefined || this.pathPattern.test(target.path)) &&
      applicable(this.state.kind, target)
    );
  }

  /**
   * Counts the request if it matches and says whether this rule fires on it. When another rule
   * already fired (`mayFire` false) the request still counts, so "the 3rd GET" stays the 3rd.
   */
  fires(target: FaultTarget, mayFire = true): boolean {
    if (this.exhausted || !this.inScope(target)) return false;
    const position = ++this.state.matched;
    if (!mayFire) return false;
    let fire: boolean;
    if (this.nths.size) fire = this.nths.has(position);
    else if (this.state.probability !== undefined) fire = this.random() < this.state.probability;
    else fire = true;
    if (fire) this.state.injected++;
    return fire;
  }
}
