import { existsSync } from 'node:fs';
import { ensureAdminPanelBuilt } from './admin-panel';
import { CHROMIUM } from './browser';

/** Once per e2e run: the plugin's dist/, the playground's compiled config and its admin panel. */
export default async function globalSetup(): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `No Chromium at ${CHROMIUM}: install Debian's (apt-get install -y chromium) or set CHROMIUM_PATH`
    );
  }
  ensureAdminPanelBuilt((line) => process.stderr.write(`[e2e setup] ${line}\n`));
}
