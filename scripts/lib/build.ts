import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { bin, PLAYGROUND_DIR, REPO_ROOT } from './paths';

/** What `strapi-plugin build` compiles: a change to any of these makes dist/ stale. */
const PLUGIN_SOURCES = [
  'server',
  'admin',
  'shared',
  'strapi-server.ts',
  'strapi-admin.ts',
  'package.json',
];
const PLUGIN_OUTPUT = path.join(REPO_ROOT, 'dist', 'server', 'index.js');

function newestModification(entry: string): number {
  if (!fs.existsSync(entry)) return 0;
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs
    .readdirSync(entry)
    .reduce((newest, name) => Math.max(newest, newestModification(path.join(entry, name))), 0);
}

/** True when dist/ is missing or older than any plugin source file. */
export function isPluginBuildStale(): boolean {
  if (!fs.existsSync(PLUGIN_OUTPUT)) return true;
  const built = fs.statSync(PLUGIN_OUTPUT).mtimeMs;
  const sources = PLUGIN_SOURCES.map((entry) => newestModification(path.join(REPO_ROOT, entry)));
  return Math.max(...sources) > built;
}

/** Runs a binary from the root node_modules/.bin, failing with its output. */
function runBin(name: string, args: string[], cwd: string): void {
  execFileSync(bin(name), args, {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

function describeFailure(what: string, error: unknown): Error {
  const failure = error as { stdout?: Buffer; stderr?: Buffer; message: string };
  const output = `${failure.stdout?.toString() ?? ''}${failure.stderr?.toString() ?? ''}`;
  return new Error(`${what} failed:\n${output || failure.message}`);
}

/**
 * Builds the plugin (`strapi-plugin build`, ~10 s) when dist/ is stale: Strapi loads only the
 * built dist/server/index.js and silently skips a plugin whose build is missing.
 */
export function ensurePluginBuilt(log: (line: string) => void = () => {}): void {
  if (!isPluginBuildStale()) return;
  log('building the plugin (strapi-plugin build)...');
  try {
    runBin('strapi-plugin', ['build'], REPO_ROOT);
  } catch (error) {
    throw describeFailure('strapi-plugin build', error);
  }
}

/**
 * Compiles the playground's TypeScript (config/, src/) into playground/dist, as `strapi build`
 * does before a boot. tsc (not compileStrapi) so that a type error reports instead of exiting.
 */
export function compilePlayground(log: (line: string) => void = () => {}): void {
  log('compiling the playground (tsc)...');
  try {
    runBin('tsc', ['-p', path.join(PLAYGROUND_DIR, 'tsconfig.json')], PLAYGROUND_DIR);
  } catch (error) {
    throw describeFailure('tsc -p playground', error);
  }
}
