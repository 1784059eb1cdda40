/**
 * The names sealed values are bound to (the secret box's associated data): what a value is, in
 * terms that exist before its row is inserted and never change afterwards. A value only opens
 * under the name it was sealed with, so it cannot be moved to another row or purpose.
 */
export const sealedNames = {
  /** The integration's client secret, in the plugin store. */
  clientSecret: () => 'settings:client-secret',
  /** The private key of the integration's certificate credential, in the plugin store. */
  clientPrivateKey: () => 'settings:client-private-key',
  /**
   * A connected account's msal token cache. The admin user is part of the name because two admin
   * users may connect the same Microsoft account: each has their own row and cache.
   */
  tokenCache: (ownerId: number, homeAccountId: string) =>
    `account:${homeAccountId}:owner:${ownerId}:token-cache`,
  /** An open upload's pre-authenticated session URL. */
  uploadUrl: (uploadId: string) => `upload:${uploadId}:session-url`,
  /** A pending sign-in's PKCE verifier, by the hash of its state. */
  codeVerifier: (stateHash: string) => `sign-in:${stateHash}:code-verifier`,
} as const;
