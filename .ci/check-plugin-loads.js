// Boots the Strapi app in the given folder (compiled to <app>/dist) and checks that the
// external-drives plugin is loaded with its content types. Plain JS: it resolves @strapi/strapi
// from the app's own node_modules, as a real install would.
const { createRequire } = require('node:module');
const path = require('node:path');

async function main() {
  const appDir = path.resolve(process.argv[2]);
  const appRequire = createRequire(path.join(appDir, 'package.json'));
  const { createStrapi } = appRequire('@strapi/strapi');
  const strapi = createStrapi({
    appDir,
    distDir: path.join(appDir, 'dist'),
    autoReload: false,
    serveAdminPanel: false,
  });
  await strapi.load();
  try {
    const plugin = strapi.plugin('external-drives');
    if (!plugin) throw new Error('the external-drives plugin is not loaded');
    // appRequire, not require: from this file the name would resolve to the repository itself.
    const where = appRequire.resolve('strapi-plugin-external-drives/package.json');
    if (!where.startsWith(path.join(appDir, 'node_modules')))
      throw new Error(`plugin resolved outside the app: ${where}`);
    for (const uid of ['drive', 'drive-item', 'sync-run']) {
      if (!strapi.contentType(`plugin::external-drives.${uid}`))
        throw new Error(`content type ${uid} missing`);
    }
    console.log(`[pack] Strapi loaded external-drives from ${path.dirname(where)}`);
  } finally {
    await strapi.destroy();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`[pack] ${error.stack || error}`);
    process.exit(1);
  }
);
