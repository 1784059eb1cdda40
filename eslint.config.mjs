import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'coverage/',
      '.emulator/',
      'playground/.strapi/',
      'playground/dist/',
      'playground/types/',
      'playground/.tmp/',
      'playground/build/',
      '**/*.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Admin components stay small enough to read at once: a screen composes hooks and parts.
    files: ['admin/src/**/*.tsx'],
    rules: { 'max-lines': ['error', { max: 250 }] },
  },
  {
    // Plain CommonJS scripts that run before (or without) a TypeScript toolchain.
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  }
);
