// @ts-check
import eslint from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'coverage/',
      'node_modules/',
      '.data/',
      '.stryker-tmp/',
      'reports/',
      'clients/typescript/schema.d.ts',
      '**/*.mjs',
      '**/*.js',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.jest },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // Module boundaries. Each feature module (src/modules/<m>) and each shared area
    // (src/common/<c>) is used from outside only through its index.ts; common/ never imports a
    // feature module. Imports inside one module or area are free.
    files: ['src/**/*.ts'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { node: { extensions: ['.ts', '.js'] } },
      'boundaries/elements': [
        { type: 'feature', pattern: 'src/modules/*', capture: ['name'] },
        { type: 'common', pattern: 'src/common/*', capture: ['name'] },
      ],
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'allow',
          policies: [
            {
              disallow: { to: { element: { types: ['feature', 'common'] } } },
              message: 'Import another module only through its index.ts (its public entry).',
            },
            {
              allow: {
                to: { element: { types: ['feature', 'common'], fileInternalPath: 'index.ts' } },
              },
            },
            {
              from: { element: { type: 'common' } },
              disallow: { to: { element: { type: 'feature' } } },
              message: 'common/ must not import a feature module (src/modules/*).',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests and benchmarks may import any module's internals, to test or measure them directly.
    // database/entities.ts is the one list of every table's entity, for the data source.
    // Prospect search is being rewritten elsewhere: its files keep their deep imports until then.
    files: [
      'src/**/*.spec.ts',
      'src/database/entities.ts',
      'src/modules/prospects/prospects-search.service.ts',
      'src/modules/prospects/search/*.ts',
      'src/modules/prospects/dto/*.ts',
    ],
    rules: { 'boundaries/dependencies': 'off' },
  },
  {
    // Tests read loosely typed HTTP bodies (supertest gives `any`).
    files: ['test/**/*.ts', '**/*.spec.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
