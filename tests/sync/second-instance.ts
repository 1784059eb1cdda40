/**
 * A second Strapi instance for the two-instance test, in its own process (Strapi is one instance
 * per process). Boots through the harness with the options in SECOND_INSTANCE_OPTIONS, prints
 * "ready", and closes on SIGTERM.
 */
import { startTestStrapi, type TestStrapiOptions } from '../helpers/strapi';

async function main() {
  const options = JSON.parse(process.env.SECOND_INSTANCE_OPTIONS ?? '{}') as TestStrapiOptions;
  const app = await startTestStrapi(options);
  process.stdout.write('ready\n');
  process.once('SIGTERM', () => {
    app.close().finally(() => process.exit(0));
  });
}

main().catch((error: Error) => {
  process.stderr.write(`second instance failed: ${error.stack}\n`);
  process.exit(1);
});
