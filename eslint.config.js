import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The engine (graph, ops, tensor) and the modules beside it (escape, exact, exam, export, explain)
// run unchanged in the browser, the CLI, workers and tests.
const pure = (dirs) => dirs.map((d) => `src/${d}/**/*.{ts,tsx}`);
const engine = ['format', 'graph', 'ops', 'tensor', 'escape'];
const besideEngine = ['exact', 'exam', 'export', 'explain'];
const frameworkFree = [
  { group: ['react', 'react-*', '@xyflow/*', 'd3', 'd3-*', 'immer'], message: 'The engine and the modules beside it are framework-free.' },
  { group: ['node:*', 'fs', 'path', 'child_process', 'os', 'url'], message: 'The engine and the modules beside it must not import Node.' },
  { group: ['**/ui/**', '**/cli/**'], message: 'The engine and the modules beside it never import the UI or the CLI.' },
];

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'coverage', 'artifacts', 'public/schema', '.cache'] },
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
    files: [...pure(engine), ...pure(besideEngine)],
    ignores: ['**/*.test.{ts,tsx}'],
    languageOptions: { globals: { ...globals.es2022 } },
    rules: {
      'no-restricted-imports': ['error', { patterns: frameworkFree }],
      'no-restricted-globals': ['error', 'window', 'document', 'localStorage', 'process'],
    },
  },
  {
    // Arrows point down: exact forms, exams, exports and explanations use the engine, never the reverse.
    files: pure(engine),
    ignores: ['**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...frameworkFree,
            { group: besideEngine.flatMap((d) => [`**/${d}`, `**/${d}/**`]), message: 'The engine never imports the modules that use it.' },
          ],
        },
      ],
    },
  },
  {
    // Number formats are a leaf: everything may use them, so they use nothing of the project.
    files: ['src/format/**/*.{ts,tsx}'],
    ignores: ['**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [...frameworkFree, { group: ['../**'], message: 'src/format is a leaf: it imports nothing from the rest of src.' }] },
      ],
    },
  },
  {
    files: ['src/cli/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/ui/**'], message: 'The CLI is a thin shell over the engine: it never imports the UI.' }] },
      ],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/cli/**'], message: 'The UI never imports the CLI.' }] }] },
  },
  {
    // The classroom client runs in the browser and in Node tests: no React, no DOM-only UI, no Node.
    files: ['src/classroom/**/*.{ts,tsx}'],
    ignores: ['**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [...frameworkFree, { group: ['**/classroom-server/**'], message: 'The classroom client never imports its server.' }] },
      ],
    },
  },
  {
    // The classroom server may use the engine (to read answers) and Node, never the UI or the CLI.
    files: ['src/classroom-server/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/ui/**', '**/cli/**'], message: 'The classroom server never imports the UI or the CLI.' },
            { group: ['react', 'react-*', '@xyflow/*', 'd3', 'd3-*'], message: 'The classroom server has no views.' },
          ],
        },
      ],
    },
  },
  // Formatting is Prettier's job (npm run format); this turns off the lint rules that would argue with it.
  prettier,
);
