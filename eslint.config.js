import tseslint from 'typescript-eslint';

const PLATFORM_AND_IO = [
  'discord.js', 'grammy', '@grammyjs/*', 'bullmq', 'ioredis', '**/adapters/**', '**/store/**', '**/runtime/**',
  'fs', 'fs/*', 'node:fs', 'node:fs/*', 'net', 'node:net', 'http', 'node:http', 'https', 'node:https', 'child_process', 'node:child_process',
];
const RASTERISER = '@resvg/*';

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
    // The core is platform-neutral: it never learns that Discord, Telegram, BullMQ or Redis exist,
    // and it does no I/O of its own (no files, sockets or processes).
    files: ['src/core/**/*.ts', 'commands/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...PLATFORM_AND_IO, RASTERISER] }] },
  },
  {
    // The one native library the core uses: resvg turns the stats card SVG into PNG bytes, a pure
    // function of the SVG and the font files it is given.
    files: ['src/core/render/stats-picture.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: PLATFORM_AND_IO }] },
  },
  {
    files: ['src/cli/**/*.ts', 'src/cli.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
