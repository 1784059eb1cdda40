/**
 * Reads soak result lines (stdin, or the files named) and fails when one misses its target:
 *   npm run soak --silent -- crash --trials 3 --json | npx tsx soak/check.ts
 * Each line starting with `{` is a result; at least one is required (a suite that died printed
 * none, and that is a failure too).
 */
import fs from 'node:fs';
import { missedTargets, resultLines } from './targets';

function main() {
  const files = process.argv.slice(2);
  const text = files.length
    ? files.map((file) => fs.readFileSync(file, 'utf8')).join('\n')
    : fs.readFileSync(0, 'utf8');
  const results = resultLines(text);
  if (results.length === 0) {
    console.error('soak check: no result line (did the suite fail before printing one?)');
    return 1;
  }
  let failed = 0;
  for (const result of results) {
    const missed = missedTargets(result);
    if (missed.length) failed += 1;
    console.error(
      `soak check: ${result.suite}: ${missed.length ? `MISSED ${missed.join('; ')}` : 'all targets met'}`
    );
  }
  return failed ? 1 : 0;
}

process.exit(main());
