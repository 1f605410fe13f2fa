// Lint: only the rules the compiler cannot give. A promise nobody awaits or handles is a lost
// error (or a lost write); every one must be awaited, returned, or explicitly voided.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['src/adapters/prisma/generated/**', 'node_modules/**', 'dist/**', 'tmp/**', 'data/**', 'src/console/vendor/**'] },
  {
    files: ['src/**/*.ts', 'simulators/**/*.ts', 'test/**/*.ts'],
    // Some files carry directives for rules this config does not load.
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
    },
  },
);
