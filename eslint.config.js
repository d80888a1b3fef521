import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'coverage/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Only src/cli and the config loader read the environment: pass Config instead.' }],
    },
  },
  {
    // The core is platform-neutral: it never learns that Discord, Telegram, BullMQ or Redis exist.
    files: ['src/core/**/*.ts', 'commands/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['discord.js', 'grammy', '@grammyjs/*', 'bullmq', 'ioredis', '**/adapters/**', '**/store/**', '**/runtime/**'] }],
    },
  },
  {
    files: ['src/cli/**/*.ts', 'src/cli.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
