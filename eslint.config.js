import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const noUi = {
  patterns: [
    { group: ['react', 'react-dom', 'react-dom/*', 'react-router'], message: 'Engine code stays free of React: components read its stores instead.' },
    { group: ['**/features/**', '**/app/**'], message: 'Engine code must not import UI features (imports go one way: features -> engine).' },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'lessons/**', 'test-results/**', 'playwright-report/**', '**/target/**', 'labs/wasm/assembly/**', '.cache/**', '**/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['site/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  // The house rules of STYLE.md: engine apart from UI, imports in one direction.
  { files: ['contracts/**', 'site/src/runtime/**', 'site/src/session/**', 'labs/**', 'site/build/**'], rules: { 'no-restricted-imports': ['error', noUi] } },
  // The runner, the scripts and the contracts never reach into the web app: what they share with it
  // lives in contracts/ (wire protocol, lesson format), which both sides import.
  {
    files: ['contracts/**', 'runner/**', 'scripts/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [...noUi.patterns, { group: ['**/site/**'], message: 'Shared code belongs in contracts/; the runner and scripts do not import the web app.' }] },
      ],
    },
  },
);
