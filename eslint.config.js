import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.complicity/', '.scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'error',
    },
  },
  {
    // The CLI is the only layer that prints; scripts and tests may print too.
    files: ['src/cli/**', 'bench/**', 'scripts/**', 'bin/**', 'test/**', 'site/dev/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // The results site's browser code runs in a page, not in Node.
    files: ['site/src/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
