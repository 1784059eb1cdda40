/**
 * Every message the admin panel shows has its English text in admin/src/translations/en.json, and
 * the text there is the one the code falls back to (a key renamed in one place fails here).
 */
import fs from 'node:fs';
import path from 'node:path';
import { errorMessageKey, errorNextStepKey } from '../../admin/src/api/describeError';
import { ERROR_DESCRIPTIONS } from '../../shared/errors';

const ADMIN_SRC = path.resolve(__dirname, '../../admin/src');
const english = JSON.parse(
  fs.readFileSync(path.join(ADMIN_SRC, 'translations', 'en.json'), 'utf8')
) as Record<string, string>;

/** `t('key', 'Default text'` and `getTranslation('key'), defaultMessage: 'Default text'`. */
const MESSAGE = /\bt\(\s*'([^'`]+)',\s*'((?:[^'\\]|\\.)*)'/g;
const REGISTERED = /getTranslation\('([^']+)'\),\s*defaultMessage:\s*'((?:[^'\\]|\\.)*)'/g;

function sourceFiles(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

const unescape = (text: string) => text.replace(/\\(.)/g, '$1');

const used = sourceFiles(ADMIN_SRC).flatMap((file) => {
  const source = fs.readFileSync(file, 'utf8');
  return [...source.matchAll(MESSAGE), ...source.matchAll(REGISTERED)].map((match) => ({
    file: path.relative(ADMIN_SRC, file),
    key: match[1],
    text: unescape(match[2]),
  }));
});

test('the admin panel uses messages', () => {
  expect(used.length).toBeGreaterThan(100);
});

test.each(used.map((message) => [message.key, message]))(
  '%s is in en.json with its default text',
  (_key, message) => {
    expect({ key: message.key, text: english[message.key] }).toEqual({
      key: message.key,
      text: message.text,
    });
  }
);

test.each(Object.entries(ERROR_DESCRIPTIONS))(
  "the server's standard wording of %s is in en.json",
  (code, { message, nextStep }) => {
    expect(english[errorMessageKey(code)]).toBe(message);
    if (nextStep) expect(english[errorNextStepKey(code)]).toBe(nextStep);
  }
);
