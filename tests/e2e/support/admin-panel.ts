import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { compilePlayground, ensurePluginBuilt } from '../../../scripts/lib/build';
import { bin, PLAYGROUND_DIR, REPO_ROOT } from '../../../scripts/lib/paths';

const ADMIN_INDEX = path.join(PLAYGROUND_DIR, 'dist', 'build', 'index.html');
const PLUGIN_ADMIN = path.join(REPO_ROOT, 'dist', 'admin', 'index.mjs');

/** The admin panel bundles the plugin's built admin: rebuild it when that is newer. */
function isAdminPanelStale(): boolean {
  if (!fs.existsSync(ADMIN_INDEX)) return true;
  return fs.statSync(PLUGIN_ADMIN).mtimeMs > fs.statSync(ADMIN_INDEX).mtimeMs;
}

export function ensureAdminPanelBuilt(log: (line: string) => void): void {
  ensurePluginBuilt(log);
  if (!isAdminPanelStale()) {
    compilePlayground(log);
    return;
  }
  log('building the admin panel (strapi build, 1-3 minutes)...');
  try {
    execFileSync(bin('strapi'), ['build'], {
      cwd: PLAYGROUND_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_ENV: 'production', STRAPI_TELEMETRY_DISABLED: 'true' },
    });
  } catch (error) {
    const failure = error as { stdout?: Buffer; stderr?: Buffer; message: string };
    throw new Error(
      `strapi build failed:\n${failure.stdout?.toString() ?? ''}${failure.stderr?.toString() ?? failure.message}`
    );
  }
}
