/**
 * Content-API routes (Strapi prefixes them with /api/external-drives).
 *
 * The file download is governed by Users & Permissions: a role must be given it ("External-drives >
 * content-file > download"); nothing is open until a role is.
 *
 * Two routes are public by necessity, Microsoft's calls carrying no Strapi session: the OAuth
 * callback, trusted only through the single-use state and the browser-key cookie, and the change
 * notifications, each entry proving itself with its subscription's clientState.
 */
export const contentApiRoutes = [
  {
    method: 'GET',
    path: '/files/:driveId/:itemId',
    handler: 'content-file.download',
    config: { policies: [] },
  },
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

export default contentApiRoutes;
