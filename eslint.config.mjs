// Lint for the whole workspace: typescript-eslint's recommended rules, and Nx's module boundaries
// over the project tags (see each project.json): services never import each other, libraries never
// import services, and only tests use the test kit.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const TEST_FILES = ['**/test/**/*.ts', '**/*.spec.ts', '**/*.e2e-spec.ts', 'tests/**/*.ts'];

const boundaries = (allowTestKit) => [
  'error',
  {
    // Tests are not part of a buildable library's output, so they may use the (unbuilt) test kit.
    enforceBuildableLibDependency: !allowTestKit,
    // Tests start the services the way `npm start` does, through the launcher in tools/lib.
    allow: allowTestKit ? ['^(\\.\\./)+tools/lib/[\\w-]+\\.cjs$'] : [],
    depConstraints: [
      { sourceTag: 'type:service', onlyDependOnLibsWithTags: allowTestKit ? ['type:lib', 'type:test-lib'] : ['type:lib'] },
      { sourceTag: 'type:lib', onlyDependOnLibsWithTags: allowTestKit ? ['type:lib', 'type:test-lib'] : ['type:lib'] },
      { sourceTag: 'type:test-lib', onlyDependOnLibsWithTags: ['type:lib', 'type:test-lib'] },
      { sourceTag: 'type:test', onlyDependOnLibsWithTags: ['type:lib', 'type:test-lib'] },
    ],
  },
];

export default tseslint.config(
  { ignores: ['**/dist', '**/node_modules', '**/tmp', '**/coverage', '**/.nx'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries(false),
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    files: TEST_FILES,
    rules: {
      '@nx/enforce-module-boundaries': boundaries(true),
      // A check that cannot run says so loudly (and fails under CI=true).
      'no-console': ['error', { allow: ['warn'] }],
      // Fixtures are known: `config.profiles![2]` reads better than a guard that cannot fail.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Plain Node scripts (the launcher, the bench, jest configs) are CommonJS or ES modules run as is.
    files: ['**/*.cjs', '**/*.js', '**/*.mjs'],
    languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
