// @ts-check
/** ESLint: the recommended rules of ESLint and typescript-eslint (syntax only, no type-aware rules: they would double the run time). */
import eslint from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** The few Node.js globals our plain JavaScript files (configs, reporter, start script) use. */
const node = { process: 'readonly', console: 'readonly', require: 'readonly', module: 'writable', __dirname: 'readonly' };

export default defineConfig(
  // The console's generated files: its build, the types from the OpenAPI document, the components' declarations.
  {
    ignores: ['dist/', 'coverage/', '.data/', '.scratch/', 'node_modules/', 'web/dist/', 'web/src/api/schema.d.ts', 'web/components.d.ts'],
  },
  eslint.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // `_name` marks a parameter or binding kept on purpose (an interface's signature, a destructured rest).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Prettier wraps code at 140; this holds comments to the same limit (SQL and messages in strings may run longer).
      'max-len': ['error', { code: 140, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true }],
    },
  },
  {
    files: ['**/*.{js,cjs,mjs}'],
    languageOptions: { globals: node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
