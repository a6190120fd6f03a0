// Build step (after tsc): bundles the CLI that tsc wrote (dist/cli.js and what it imports) into
// dist/cli-bundle/, which the bin runs. Node 20 loads ES modules one by one (resolve, read on the
// thread pool, compile, link), and each file costs about as much as a few kilobytes of code (issue
// 13), so the files are few:
//
// - cli.cjs: what every run loads before any command (dist/cli.js, the option files, commander and
//   the few modules they import), so that `--help` reads one file; CommonJS, see GROUPS.
// - validate.cjs and diff.cjs: those commands with their default reports, so that each reads one
//   or two more (they are measured against reading and parsing alone). CommonJS as well: the
//   first ES module a run imports sets up Node's ES module loader, about 9 ms of wall time
//   (20 M instructions, the rest waiting on its asynchronous steps) that `validate` of one file
//   paid on top of its ~115 ms.
// - the other commands, each loaded when it runs, with chunks shared among them (esbuild's code
//   splitting), and what validate loads only sometimes (other formats, the zod check, chalk).
//
// A group file exports all that its own modules export, and code outside it imports those modules
// from it, so that each module is loaded once. The library (dist/index.js) is not bundled.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const outdir = path.join(dist, 'cli-bundle');

/** Each group: its file and the modules (under dist/) whose static imports it holds. */
const GROUPS = [
  // CommonJS: the bin requires it, and Node then sets up no ES module loader for `--help` (~18 M
  // instructions of a ~75 M start-up); the ES modules of the commands import it as they would any.
  { file: 'cli.cjs', entries: ['cli.js'], format: 'cjs' },
  { file: 'validate.cjs', entries: ['commands/validate/validate.js', 'render/validate/validatePretty.js'], format: 'cjs' },
  { file: 'diff.cjs', entries: ['commands/diff/diff.js'], format: 'cjs' },
];

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  // undici stays a package of its own: it is large, loaded only to send, and reads its own files.
  external: ['undici'],
  legalComments: 'none',
  logLevel: 'warning',
};

/** An ES module file: CommonJS packages bundled in it (commander, string-width) need a require. */
const esm = {
  ...common,
  format: 'esm',
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
};

/**
 * A bundled module's import.meta.url would name its chunk; code that finds files beside itself
 * (package.json, samples/, the store's worker, the generated validators) needs its own file's URL.
 * A CommonJS file has no import.meta: its own URL comes from __filename.
 */
const ownUrl = (format) => ({
  name: 'own-import-meta-url',
  setup(b) {
    const base = format === 'cjs' ? 'require("node:url").pathToFileURL(__filename)' : 'import.meta.url';
    b.onLoad({ filter: /\.js$/ }, (args) => {
      const code = readFileSync(args.path, 'utf8');
      if (!args.path.startsWith(dist) || !code.includes('import.meta.url')) return undefined;
      const own = path.relative(outdir, args.path).split(path.sep).join('/');
      return { contents: code.replaceAll('import.meta.url', `new URL(${JSON.stringify(own)}, ${base}).href`), loader: 'js' };
    });
  },
});

/**
 * commander requires node:child_process as it loads, only to spawn executable subcommands (which
 * this CLI has none of); loading it pulls in child_process, dgram and their internals, about 2 ms
 * of every start-up. It is required when spawn is first called instead.
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) =>
      args.importer.includes(`${path.sep}node_modules${path.sep}commander${path.sep}`) ? { path: 'child_process', namespace: 'lazy-child-process' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-child-process' }, () => ({
      contents: "module.exports = { spawn: (...args) => require('node:child_process').spawn(...args) };",
      loader: 'js',
    }));
  },
};

/** Module (absolute path) -> the group file that holds it. */
const grouped = new Map();
/** A CommonJS group file, once built -> the names it exports. */
const builtExports = new Map();
/** Modules that code in a group imports dynamically from outside it: { entry name: absolute path }. */
const lazyEntries = {};

const resolved = (args) => path.resolve(args.resolveDir, args.path);

/** An entry's file name: its own (commands/diff/diff.js -> diff), or its package's; unique. */
function lazyEntryName(file) {
  const pkg = /node_modules[\\/](@[^\\/]+[\\/][^\\/]+|[^\\/]+)[\\/]/.exec(file)?.[1];
  let name = pkg ? pkg.replace(/[@\\/]/g, '-').replace(/^-/, '') : path.basename(file, '.js');
  if (GROUPS.some((g) => g.file === `${name}.js`) || (lazyEntries[name] !== undefined && lazyEntries[name] !== file)) {
    name = path.relative(dist, file).replace(/\.js$/, '').split(path.sep).join('-');
  }
  lazyEntries[name] = file;
  return name;
}

/** Imports of modules another group holds come from that group's file (`self`: the one being built). */
const fromGroups = (self) => ({
  name: 'from-groups',
  setup(b) {
    b.onResolve({ filter: /^\./ }, (args) => {
      if (args.namespace === 'cjs-group') return { path: args.path, external: true };
      const file = grouped.get(resolved(args));
      if (!file || file === self) return undefined;
      return file.endsWith('.cjs') ? { path: file, namespace: 'cjs-group' } : { path: `./${file}`, external: true };
    });
    // An ES module's import of a CommonJS file makes Node parse all of it for its export names
    // (cjs-module-lexer, ~90 M instructions for cli.cjs); require() takes it from the module cache.
    // Once the group is built, its exports are copied into constants as it loads: through
    // esbuild's CommonJS interop, every call to one went through two or three getters, which made
    // diff's comparison (calling into validate.cjs per value) about 10% slower. A copy does not
    // follow a reassigned binding, so a CommonJS group exports none (buildGroup checks).
    b.onLoad({ filter: /.*/, namespace: 'cjs-group' }, (args) => {
      const group = `require(${JSON.stringify(`./${args.path}`)})`;
      const names = builtExports.get(args.path);
      // Not built yet (the scan for each group's members, before any is built): a plain re-export.
      if (!names) return { contents: `module.exports = ${group};`, resolveDir: outdir, loader: 'js' };
      return { contents: `const group = ${group};\n${names.map((n) => `export const ${n} = group.${n};`).join('\n')}\n`, resolveDir: outdir, loader: 'js' };
    });
  },
});

/** Dynamic imports of modules no group holds name entry files of their own. */
const lazyOutside = {
  name: 'lazy-outside',
  setup(b) {
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.kind !== 'dynamic-import' || args.pluginData?.lazyOutside) return undefined;
      const r = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: { lazyOutside: true } });
      if (r.errors.length || r.external || grouped.has(r.path)) return undefined;
      return { path: `./${lazyEntryName(r.path)}.js`, external: true };
    });
  },
};

/** The files a build bundled (not the stand-ins that require a CommonJS group). */
const modules = (result) => Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('cjs-group:')).map((f) => path.resolve(f));

const exportsOf = async (file) => {
  const r = await build({ entryPoints: [file], bundle: false, write: false, metafile: true, format: 'esm', logLevel: 'silent', outdir });
  return Object.values(r.metafile.outputs)[0].exports;
};

/** A group's modules: the static imports of its entries that no earlier group holds. */
async function groupMembers({ file, entries }) {
  const scan = await build({
    ...esm,
    entryPoints: entries.map((e) => path.join(dist, e)),
    outdir,
    splitting: true,
    write: false,
    metafile: true,
    plugins: [fromGroups(file), { name: 'no-lazy', setup: (b) => b.onResolve({ filter: /.*/ }, (a) => (a.kind === 'dynamic-import' ? { path: a.path, external: true } : undefined)) }],
  });
  return new Set(modules(scan));
}

/**
 * The names an ES module finds in a CommonJS file: Node reads them from the `0 && (module.exports =
 * {...})` line esbuild writes for it (cjs-module-lexer); a name missing there is missing to them.
 */
function cjsExports(file) {
  const list = /^0 && \(module\.exports = \{([^}]*)\}\);$/m.exec(readFileSync(file, 'utf8'))?.[1] ?? '';
  return list.split(',').map((n) => n.trim()).filter(Boolean);
}

/** One group file, exporting all that its own modules export. */
async function buildGroup({ file, members, format = 'esm' }) {
  // Our own modules are exported (packages' default exports would clash, and only our code imports them).
  const own = [...members].filter((f) => f.startsWith(dist) && !f.includes(`${path.sep}node_modules${path.sep}`));
  const owner = new Map();
  for (const f of own) {
    for (const name of await exportsOf(f)) {
      // `export *` drops a name two modules export: code importing it from the group would miss it.
      if (owner.has(name)) throw new Error(`build-cli: ${name} is exported by both ${owner.get(name)} and ${f}; rename one`);
      owner.set(name, f);
    }
  }
  const out = await build({
    ...(format === 'cjs' ? { ...common, format } : esm),
    stdin: { contents: own.map((f) => `export * from ${JSON.stringify(f)};`).join('\n'), resolveDir: dist, sourcefile: `${file}-entry.js`, loader: 'js' },
    outfile: path.join(outdir, file),
    metafile: true,
    plugins: [ownUrl(format), lazyChildProcess, fromGroups(file), lazyOutside],
  });
  const exported = new Set(format === 'cjs' ? cjsExports(path.join(outdir, file)) : Object.entries(out.metafile.outputs).find(([f]) => f.endsWith(`/${file}`))[1].exports);
  for (const name of owner.keys()) if (!exported.has(name)) throw new Error(`build-cli: ${file} does not export ${name}`);
  if (format === 'cjs') {
    // Importers copy these exports once (see fromGroups): a binding assigned later would be missed.
    const reassignable = own.find((f) => /^export (let|var) /m.test(readFileSync(f, 'utf8')));
    if (reassignable) throw new Error(`build-cli: ${reassignable} exports a let or var, which importers of ${file} would copy before it changes`);
    builtExports.set(file, [...exported]);
  }
}

for (const group of GROUPS) {
  group.members = await groupMembers(group);
  for (const f of group.members) grouped.set(f, group.file);
}
for (const group of GROUPS) await buildGroup(group);

// What the groups load lazily, split into chunks among themselves; the groups' modules come from them.
const rest = await build({
  ...esm,
  entryPoints: lazyEntries,
  outdir,
  splitting: true,
  entryNames: '[name]',
  chunkNames: 'chunk-[hash]',
  metafile: true,
  plugins: [fromGroups(null), ownUrl('esm')],
});
const twice = modules(rest).filter((f) => grouped.has(f));
if (twice.length) throw new Error(`build-cli: bundled twice (in a group and outside it): ${twice.join(', ')}`);
