import { compilePlayground, ensurePluginBuilt } from '../scripts/lib/build';

/**
 * Jest globalSetup: once per run, build the plugin if its dist/ is stale and compile the playground,
 * so every test file that boots Strapi finds both ready.
 */
export default async function globalSetup(): Promise<void> {
  const log = (line: string) => process.stderr.write(`[test setup] ${line}\n`);
  ensurePluginBuilt(log);
  compilePlayground(log);
}
