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
    // The plugin's services are wired and looked up in one place (server/src/services/index.ts),
    // so that every dependency between them is an import a reader and dependency-cruiser can see.
    files: ['server/src/**/*.ts'],
    ignores: ['server/src/services/index.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...[
          "CallExpression[callee.property.name='service'][callee.object.callee.property.name='plugin'][callee.object.arguments.0.name='PLUGIN_ID']",
          "CallExpression[callee.property.name='service'][callee.object.callee.property.name='plugin'][callee.object.arguments.0.value='external-drives']",
          "CallExpression[callee.property.name='service'][arguments.0.value=/^plugin::external-drives\\./]",
          "CallExpression[callee.property.name='service'][arguments.0.quasis.0.value.raw=/^plugin::/]",
        ].map((selector) => ({
          selector,
          message:
            "Reach the plugin's services through getService (server/src/services/index.ts), the one place they are wired.",
        })),
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
