import { ensureAdminPanelBuilt } from './admin-panel';

/** Once per e2e run: the plugin's dist/, the playground's compiled config and its admin panel. */
export default async function globalSetup(): Promise<void> {
  ensureAdminPanelBuilt((line) => process.stderr.write(`[e2e setup] ${line}\n`));
}
