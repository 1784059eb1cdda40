/**
 * Another Strapi instance for multi-process tests, in its own process (Strapi is one instance per
 * process). Boots through the harness with the options in SECOND_INSTANCE_OPTIONS, prints
 * `url <its address>` and "ready", and closes on SIGTERM. With SECOND_INSTANCE_CONNECT
 * (`{ siteId, driveId, name }`) it first connects that SharePoint library, which starts its first
 * sync, and prints `drive <id>`.
 */
import { PLUGIN_ID } from '../../server/src/constants';
import { startTestStrapi, type TestStrapiOptions } from '../../testkit/strapi';

async function main() {
  const options = JSON.parse(process.env.SECOND_INSTANCE_OPTIONS ?? '{}') as TestStrapiOptions;
  const app = await startTestStrapi(options);
  if (process.env.SECOND_INSTANCE_CONNECT) {
    const drive = (await app.strapi
      .plugin(PLUGIN_ID)
      .service('drives')
      .createPlatform(JSON.parse(process.env.SECOND_INSTANCE_CONNECT))) as { id: number };
    process.stdout.write(`drive ${drive.id}\n`);
  }
  process.stdout.write(`url ${app.url}\nready\n`);
  process.once('SIGTERM', () => {
    app.close().finally(() => process.exit(0));
  });
}

main().catch((error: Error) => {
  process.stderr.write(`second instance failed: ${error.stack}\n`);
  process.exit(1);
});
