/**
 * The plugin as the previous release built it, for upgrade tests: the server half of the commit
 * PREVIOUS_RELEASE, taken from this repository's git history and built once with
 * `strapi-plugin build` (server only, ~10 s) into the temporary folder, where the playground
 * loads it in place of this checkout (`EXTERNAL_DRIVES_PLUGIN_PATH`). Its `node_modules` links to
 * the repository's, so both releases run on the same Strapi and libraries.
 *
 * Moving to a newer previous release is changing PREVIOUS_RELEASE: the commit whose database the
 * upgrades of `server/src/upgrades/` start from.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bin, REPO_ROOT } from '../scripts/lib/paths';

/** The main branch before the drive columns were renamed (issue 18). */
export const PREVIOUS_RELEASE = '0ba8e42';

/** What `strapi-plugin build` needs to build the server bundle. */
const SERVER_SOURCES = [
  'server',
  'shared',
  'strapi-server.ts',
  'package.json',
  'tsconfig.json',
  'tsconfig.build.json',
];

const run = (command: string, args: string[], cwd: string, input?: Buffer) =>
  execFileSync(command, args, {
    cwd,
    input,
    maxBuffer: 256 * 1024 * 1024,
    stdio: [input ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production' },
  });

/** The plugin root of the previous release, built on first use. */
export function previousReleasePlugin(commit = PREVIOUS_RELEASE): string {
  const root = path.join(os.tmpdir(), 'external-drives-previous-release', commit);
  if (fs.existsSync(path.join(root, 'dist', 'server', 'index.js'))) return root;

  try {
    run('git', ['cat-file', '-e', `${commit}^{commit}`], REPO_ROOT);
  } catch {
    throw new Error(
      `The upgrade test needs commit ${commit} of this repository (the previous release): ` +
        'fetch the full history (`git fetch --unshallow`)'
    );
  }
  const building = `${root}.${process.pid}`;
  fs.rmSync(building, { recursive: true, force: true });
  fs.mkdirSync(building, { recursive: true });
  try {
    const archive = run('git', ['archive', '--format=tar', commit, ...SERVER_SOURCES], REPO_ROOT);
    run('tar', ['-x', '-C', building], building, archive);
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(building, 'node_modules'));
    // The server entry alone: the admin panel is not needed to boot, and takes minutes to build.
    const manifestPath = path.join(building, 'package.json');
    const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
    const { types: _types, ...server } = manifest.exports['./strapi-server'];
    manifest.exports = { './package.json': './package.json', './strapi-server': server };
    fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
    run(bin('strapi-plugin'), ['build'], building);
    fs.rmSync(root, { recursive: true, force: true });
    fs.renameSync(building, root);
  } catch (error) {
    fs.rmSync(building, { recursive: true, force: true });
    const failure = error as { stdout?: Buffer; stderr?: Buffer; message: string };
    throw new Error(
      `Building the previous release (${commit}) failed:\n` +
        `${failure.stdout?.toString() ?? ''}${failure.stderr?.toString() ?? failure.message}`
    );
  }
  return root;
}
