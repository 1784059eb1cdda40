// Plain JavaScript on purpose: it runs before node_modules (and so tsx) exists on a fresh clone.
const { execSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
if (!existsSync(path.join(root, 'node_modules', '.package-lock.json'))) {
  console.error('[setup] node_modules is missing: running npm ci (a few minutes)...');
  execSync('npm ci --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
}
