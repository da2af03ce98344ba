import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const enginePaths = ['src/graph/**/*.ts', 'src/ops/**/*.ts'];

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'coverage', 'artifacts', 'public/schema'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    // The engine runs unchanged in the browser, the CLI and tests: keep it free of React, d3, the DOM and Node.
    files: enginePaths,
    ignores: ['**/*.test.ts'],
    languageOptions: { globals: { ...globals.es2022 } },
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['react', 'react-*', '@xyflow/*', 'd3', 'd3-*', 'immer'], message: 'src/graph and src/ops are framework-free.' },
          { group: ['node:*', 'fs', 'path', 'child_process', 'os', 'url'], message: 'src/graph and src/ops must not import Node.' },
          { group: ['**/ui/**', '**/cli/**'], message: 'The engine never imports the UI or the CLI.' },
        ],
      }],
      'no-restricted-globals': ['error', 'window', 'document', 'localStorage', 'process'],
    },
  },
);
