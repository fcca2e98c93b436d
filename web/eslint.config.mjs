// The JavaScript's lint rules (make check-js). ESLint's recommended set: mistakes, not taste (the
// formatting is Prettier's, .prettierrc.json at the top). The config lives beside the npm
// dependencies it imports; basePath reaches the benchmark and wasm test scripts outside web/. make
// check-js passes it the files git tracks, so nothing generated is linted.
import js from '@eslint/js';
import globals from 'globals';

export default [
  {
    basePath: '..',
    files: ['**/*.js', '**/*.mjs'],
    ...js.configs.recommended,
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: 'module',
      globals: { ...globals.browser, ...globals.node, ...globals.worker },
    },
    rules: {
      ...js.configs.recommended.rules,
      'no-unused-vars': ['error', { args: 'after-used', argsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
];
