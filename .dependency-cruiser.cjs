/**
 * The import graph's rules, checked by `npm run lint` (dependency-cruiser) and proven to bite by
 * test/node/import-graph.test.ts. The layers of src/, lowest first (CONTRIBUTING.md, "Layers"):
 * a module may import its own layer and the ones below it, never one above.
 */
const LAYERS = [
  ['core', '^src/core/'],
  ['adapters', '^src/(db|stream|auth|email)/|^src/load-stream-sdk\\.ts$|^src/vendor/'],
  ['runtime', '^src/runtime/'],
  ['sync', '^src/sync/'],
  ['services', '^src/services/'],
  ['shell', '^src/(http|routes)/'],
  ['entry', '^src/(app|index)\\.ts$'],
  // The OpenAPI document is built from the assembled app (scripts/openapi.ts, the docs test).
  ['openapi', '^src/openapi/'],
];

/** Tests may reach anything (a test of the core may start the app). */
const TESTS = '\\.test\\.ts$';

const layerRules = LAYERS.slice(0, -1).map(([name, path], i) => ({
  name: `${name}-imports-no-layer-above`,
  comment: `${name} may import only ${LAYERS.slice(0, i + 1)
    .map(([below]) => below)
    .join(', ')} (and packages)`,
  severity: 'error',
  from: { path, pathNot: TESTS },
  to: { path: LAYERS.slice(i + 1).map(([, above]) => above) },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycles, type-only imports included.',
      severity: 'error',
      from: { path: '^(src|local)/' },
      to: { circular: true },
    },
    {
      name: 'core-imports-nothing-of-ours',
      comment: 'src/core/ imports packages only, and itself.',
      severity: 'error',
      from: { path: '^src/core/', pathNot: TESTS },
      to: { path: '^(src|local|test|scripts|bench)/', pathNot: '^src/core/' },
    },
    ...layerRules,
    {
      name: 'adapters-stand-alone',
      comment: 'db/, stream/, auth/ and email/ do not import one another.',
      severity: 'error',
      from: { path: '^src/(db|stream|auth|email)/', pathNot: TESTS },
      to: { path: '^src/(db|stream|auth|email)/', pathNot: '^src/$1/' },
    },
    {
      name: 'routes-reach-sync-through-services',
      comment: 'Route handlers call services; only services start a sync.',
      severity: 'error',
      from: { path: '^src/routes/', pathNot: TESTS },
      to: { path: '^src/sync/' },
    },
    {
      name: 'worker-imports-no-local-tooling',
      comment: 'The Worker bundle never imports the local stand-ins, scripts, bench or tests.',
      severity: 'error',
      from: { path: '^src/', pathNot: TESTS },
      to: { path: '^(local|scripts|bench|test)/' },
    },
    {
      name: 'imports-resolve',
      comment: 'An import the cruiser cannot resolve would escape every rule above.',
      severity: 'error',
      from: { path: '^(src|local)/' },
      to: { couldNotResolve: true, pathNot: '^cloudflare:' },
    },
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    // Type-only imports count: a type from a layer above is an arrow up all the same.
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    // Packages' subpath exports (hono/jwt, hono/factory…), as TypeScript resolves them.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['types', 'import', 'require', 'node', 'default'],
      mainFields: ['types', 'module', 'main'],
    },
    exclude: { path: '^src/worker-configuration\\.d\\.ts$' },
  },
};
