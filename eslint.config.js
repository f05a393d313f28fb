// Lint keeps the two habits that type-checking alone does not: no floating promises (a lost
// rejection is a silent failure in a long-running collector) and no `any` at boundaries.
import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';
import boundaries from './scripts/lint/boundaries.js';

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'release/', 'test-results/', 'bin/', 'eslint.config.js'] },
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.ts', '**/*.vue'],
    languageOptions: {
      parserOptions: {
        parser: tseslint.parser,
        // Each file is type-checked by the project that owns it: engine, renderer (with its tests), Electron shell.
        project: ['./tsconfig.json', './tsconfig.renderer-tests.json', './main/electron/tsconfig.json'],
        extraFileExtensions: ['.vue'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
    },
  },
  ...boundaries,
  {
    // The boundary rule's import resolver is loaded with require(), so it is CommonJS.
    files: ['scripts/lint/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['*.config.ts', '*.config.js', 'eslint.config.js'],
    rules: { '@typescript-eslint/no-floating-promises': 'off' },
  },
);
