// ESLint flat config. Beyond style, it holds the layering (which room of src-main imports which):
// a file importing across a forbidden boundary fails `npm test`, as VS Code's code-layering rule does.
import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';
import vueParser from 'vue-eslint-parser';
import globals from 'globals';

const ROOMS = [
  'common',
  'sim',
  'xen',
  'ssh',
  'hosts',
  'session',
  'metrics',
  'advisor',
  'alerts',
  'api',
  'electron',
  'web',
  'cli',
];

/** Which rooms of src-main each room may import. */
const ALLOWED = {
  common: [],
  sim: ['common'],
  xen: ['common'],
  ssh: ['common'],
  // Not sim: vSlicer's theory (the planner) lives in common/vslicer.
  hosts: ['common', 'xen', 'ssh'],
  session: ['common'],
  metrics: ['common', 'hosts', 'session'],
  advisor: ['common', 'sim', 'session'],
  alerts: ['common'],
  api: ['common', 'hosts', 'session', 'metrics', 'advisor', 'alerts'],
  electron: ['common', 'api'],
  web: ['common', 'api'],
  cli: ROOMS.filter((r) => r !== 'electron'),
};

/**
 * Files allowed one import beyond their room's list, each with its reason. The composition root
 * wires the demo host's transport — the simulation, as ssh/ is for every other host. The desktop
 * shell hands the core web's /metrics listener for the opt-in of Settings, rather than keep a
 * second HTTP implementation of the same endpoint.
 */
const EXCEPTIONS = [
  { file: 'src-main/api/app.ts', allow: 'sim/demo' },
  { file: 'src-main/electron/main.ts', allow: 'web/metrics-transport' },
];

const NODE_ONLY = ['ssh2', 'ws', 'electron', 'fs', 'child_process', 'net', 'os', 'path'];

/** Deepest folder below a room that the layering rule covers (src-main/<room>/a/b/c/d/x.ts). */
const MAX_DEPTH = 4;

/**
 * The rule for the files `depth` folders below src-main/<room>/. An import leaves the room only
 * when it climbs `depth + 1` levels: `../metrics/x` from common/vslicer/ is common/metrics, not
 * the metrics room.
 */
function roomRule(room, depth, { files, ignores = [], allow = null }) {
  const banned = ROOMS.filter((r) => r !== room && !ALLOWED[room].includes(r));
  const up = `(\\.\\./){${depth + 1}}`;
  const patterns = [];
  if (banned.length > 0) {
    patterns.push({
      // A relative import that climbs out of this room into a forbidden one.
      regex: `^${allow ? `(?!${up}${allow}$)` : ''}${up}(${banned.join('|')})(/|$)`,
      message: `src-main/${room} may import only: ${ALLOWED[room].join(', ') || 'nothing of ours'} (docs/architecture.md).`,
    });
  }
  const paths = [];
  if (room !== 'electron') {
    paths.push({ name: 'electron', message: 'Only src-main/electron imports electron.' });
  }
  if (room === 'common') {
    // common is shared with the renderer: plain TypeScript only.
    patterns.push({
      regex: '^node:',
      message: 'src-main/common runs in the renderer too: no Node APIs.',
    });
    for (const name of NODE_ONLY)
      paths.push({ name, message: 'src-main/common runs in the renderer too.' });
  }
  return {
    files: files ?? [`src-main/${room}/${'*/'.repeat(depth)}*.ts`],
    ignores: ['**/*.spec.ts', ...ignores],
    rules: { 'no-restricted-imports': ['error', { paths, patterns }] },
  };
}

function roomRules(room) {
  const own = EXCEPTIONS.filter((e) => e.file.startsWith(`src-main/${room}/`));
  const depthOf = (file) => file.split('/').length - 3;
  return Array.from({ length: MAX_DEPTH + 1 }, (_, depth) => [
    roomRule(room, depth, { ignores: own.map((e) => e.file) }),
    ...own
      .filter((e) => depthOf(e.file) === depth)
      .map((e) => roomRule(room, depth, { files: [e.file], allow: e.allow })),
  ]).flat();
}

const rendererRule = {
  files: ['src-renderer/**/*.ts', 'src-renderer/**/*.vue'],
  ignores: ['**/*.spec.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        paths: NODE_ONLY.map((name) => ({
          name,
          message: 'The renderer talks to hosts only through the API.',
        })),
        patterns: [
          { regex: '^node:', message: 'The renderer has no Node APIs.' },
          {
            regex: 'src-main/(?!common(/|$))',
            message: 'The renderer may import src-main/common only (DESIGN.md).',
          },
        ],
      },
    ],
  },
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: {
      parser: vueParser,
      parserOptions: {
        parser: tseslint.parser,
        sourceType: 'module',
        extraFileExtensions: ['.vue'],
      },
      globals: globals.browser,
    },
  },
  {
    files: ['**/*.js', '**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
    },
  },
  ...ROOMS.flatMap(roomRules),
  rendererRule,
);
