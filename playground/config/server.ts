export default ({ env }) => ({
  host: env('HOST', '0.0.0.0'),
  port: env.int('PORT', 1337),
  // No update check: machines running the playground (CI, demo) have no route to Strapi's servers.
  logger: {
    updates: { enabled: false },
  },
  app: {
    keys: env.array('APP_KEYS'),
  },
});
