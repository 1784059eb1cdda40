import path from 'node:path';

/** The repository root: the plugin package. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** The Strapi app the tests and the demo boot, with the plugin enabled from REPO_ROOT. */
export const PLAYGROUND_DIR = path.join(REPO_ROOT, 'playground');
/** Where the playground's TypeScript compiles to (Strapi loads config and src from here). */
export const PLAYGROUND_DIST = path.join(PLAYGROUND_DIR, 'dist');
/** The emulator's data folder (its CA and keys), shared by tests and the demo. */
export const EMULATOR_DATA_DIR = path.join(REPO_ROOT, '.emulator');
/** Binaries installed at the root. */
export const bin = (name: string) => path.join(REPO_ROOT, 'node_modules', '.bin', name);
