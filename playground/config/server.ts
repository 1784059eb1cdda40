export default ({ env }) => ({
  host: env('HOST', '0.0.0.0'),
  port: env.int('PORT', 1337),
  // Behind a TLS-terminating proxy (IS_PROXIED=true), trust its X-Forwarded-* headers: requests it
  // received over https then count as https, and the plugin's sign-in cookie is sent Secure. Only
  // when such a proxy is the sole way in: otherwise a client could forge those headers.
  proxy: { koa: env.bool('IS_PROXIED', false) },
  // No update check: machines running the playground (CI, demo) have no route to Strapi's servers.
  logger: {
    updates: { enabled: false },
  },
  app: {
    keys: env.array('APP_KEYS'),
  },
});
