/**
 * Content API routes (Strapi prefixes them with /api/external-drives).
 *
 * The OAuth callback is public by necessity (Microsoft's redirect carries no Strapi session); the
 * controller trusts it only through the single-use state and the browser-key cookie. Change
 * notifications are public too: each entry proves itself with its subscription's clientState.
 */
export const contentApiRoutes = [
  {
    method: 'GET',
    path: '/oauth/callback',
    handler: 'oauth-callback.callback',
    config: { auth: false, policies: [] },
  },
  {
    method: 'POST',
    path: '/notifications',
    handler: 'notification-webhook.receive',
    config: { auth: false, policies: [] },
  },
];
