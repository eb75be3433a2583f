/**
 * The layers of docs/architecture.md, enforced by `npm run lint:layers`: a folder of src/ may import only its own
 * files and the folders of lower layers. Type-only imports count too: they couple the layers just the same.
 */

/** Lowest first. Layer 1's records form a chain: each may import the records listed before it. */
const layers = [
  ['core'],
  ['platform'],
  ['townships'],
  ['villages'],
  ['projects'],
  ['users'],
  ['audit'],
  ['backups'],
  ['health'],
  ['ledger'],
  ['policies'],
  ['households'],
  ['distributions', 'capital', 'results', 'access', 'opening-balances'],
  ['runs', 'payments', 'imports', 'village-runs'],
  ['reports'],
];
/** Layer 6, composition: may import everything. */
const composition = '^src/(main\\.ts|app\\.[^/]+\\.ts|cli/)';
const known = `(${layers.flat().join('|')})`;

/** Frameworks the framework-free core must not touch. */
const frameworks =
  '(^|/)node_modules/(@nestjs|@nestjs-cls|nestjs-cls|typeorm|pg|class-validator|class-transformer|express|rxjs|reflect-metadata)/';

const layerRules = layers.flatMap((layer, i) => {
  const below = layers.slice(0, i).flat();
  return layer.map((folder) => ({
    name: `layer-${folder}`,
    comment: `src/${folder}/ may import only ${below.length ? `src/{${below.join(',')}}/ and ` : ''}its own files (docs/architecture.md)`,
    severity: 'error',
    from: { path: `^src/${folder}/` },
    to: { path: '^src/', pathNot: [`^src/${folder}/`, ...below.map((b) => `^src/${b}/`)] },
  }));
});

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'no-layer',
      comment: 'every file of src/ belongs to a layer of docs/architecture.md: add a new folder to the table and to this list',
      severity: 'error',
      from: { path: '^src/', pathNot: [`^src/${known}/`, composition] },
      to: {},
    },
    {
      name: 'core-framework-free',
      comment: 'src/core/ is plain TypeScript: no NestJS, TypeORM, database driver or validation library',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: frameworks },
    },
    {
      name: 'src-not-to-tests-or-scripts',
      comment: 'production code never imports tests, scripts or migrations (migrations are loaded by path, see data-source.ts)',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|scripts|migrations)/' },
    },
    {
      name: 'src-not-to-dev-deps',
      comment: 'production code runs without devDependencies (npm ci --omit=dev)',
      severity: 'error',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-circular',
      comment: 'no import cycles',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'every import resolves to a file or an installed package',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|coverage|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
