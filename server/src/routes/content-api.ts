/**
 * Content-API routes (Strapi prefixes them with /api/external-drives). Users & Permissions governs
 * them: each handler is an action a role can be given ("External-drives > content-file >
 * download"); nothing is open until a role is.
 */
export const contentApiRoutes = [
  {
    method: 'GET',
    path: '/files/:driveId/:itemId',
    handler: 'content-file.download',
    config: { policies: [] },
  },
];

export default contentApiRoutes;
