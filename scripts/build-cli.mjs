// Build step (after tsc): bundles the CLI that tsc wrote (dist/cli.js and what it imports) into
// dist/cli-bundle/, which the bin runs. Node 20 loads ES modules one by one (resolve, read on the
// thread pool, compile, link), and each file costs about as much as a few kilobytes of code (issue
// 13), so the files are few:
//
// - cli.js: what every run loads before any command (dist/cli.js, the option files, commander and
//   the few modules they import): one file, so `--help` reads one. It exports what those modules
//   export, and the commands import them from it, so that each module is loaded once.
// - <command>.js: each command's code, loaded when that command runs, with chunks shared among
//   commands (esbuild's code splitting).
//
// The library (dist/index.js) is not bundled.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const outdir = path.join(dist, 'cli-bundle');
const CLI = 'cli.js';

const common = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // undici stays a package of its own: it is large, loaded only to send, and reads its own files.
  external: ['undici'],
  // commander is CommonJS: its require() of Node's modules needs a require in an ES module.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
};

/**
 * A bundled module's import.meta.url would name its chunk; code that finds files beside itself
 * (package.json, samples/, the store's worker, the generated validators) needs its own file's URL.
 */
const ownUrl = {
  name: 'own-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, (args) => {
      const code = readFileSync(args.path, 'utf8');
      if (!args.path.startsWith(dist) || !code.includes('import.meta.url')) return undefined;
      const own = path.relative(outdir, args.path).split(path.sep).join('/');
      return { contents: code.replaceAll('import.meta.url', `new URL(${JSON.stringify(own)}, import.meta.url).href`), loader: 'js' };
    });
  },
};

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

const resolved = (args) => path.resolve(args.resolveDir, args.path);

/** Each command module a dynamic import in the CLI names: { name: absolute path }. */
const commands = {};
const commandName = (file) => {
  const name = path.basename(file, '.js');
  if (commands[name] !== undefined && commands[name] !== file) throw new Error(`build-cli: two commands named ${name}: ${commands[name]}, ${file}`);
  commands[name] = file;
  return name;
};

/** The CLI's dynamic imports of commands name the command files, built next. */
const commandsOutside = {
  name: 'commands-outside',
  setup(b) {
    b.onResolve({ filter: /^\./ }, (args) => (args.kind === 'dynamic-import' ? { path: `./${commandName(resolved(args))}.js`, external: true } : undefined));
  },
};

// 1. What the CLI loads before any command: dist/cli.js and its static imports.
const first = await build({ ...common, entryPoints: [path.join(dist, 'cli.js')], outdir, write: false, metafile: true, plugins: [commandsOutside] });
const kernel = Object.keys(first.metafile.inputs)
  .map((f) => path.resolve(f))
  .filter((f) => f.startsWith(dist));

// 2. cli.js: those modules in one file, exporting all they export.
const exportsOf = async (file) => {
  const r = await build({ entryPoints: [file], bundle: false, write: false, metafile: true, format: 'esm', logLevel: 'silent', outdir });
  return Object.values(r.metafile.outputs)[0].exports;
};
const owner = new Map();
for (const file of kernel) {
  for (const name of await exportsOf(file)) {
    // `export *` drops a name two modules export: the commands would find it missing.
    if (owner.has(name)) throw new Error(`build-cli: ${name} is exported by both ${owner.get(name)} and ${file}; rename one`);
    owner.set(name, file);
  }
}
const cli = await build({
  ...common,
  stdin: { contents: kernel.map((f) => `export * from ${JSON.stringify(f)};`).join('\n'), resolveDir: dist, sourcefile: 'cli-entry.js', loader: 'js' },
  outfile: path.join(outdir, CLI),
  metafile: true,
  plugins: [ownUrl, lazyChildProcess, commandsOutside],
});
const cliExports = new Set(Object.entries(cli.metafile.outputs).find(([file]) => file.endsWith(`/${CLI}`))[1].exports);
for (const name of owner.keys()) if (!cliExports.has(name)) throw new Error(`build-cli: ${CLI} does not export ${name}`);

// 3. The commands, importing the modules cli.js holds from it.
const kernelSet = new Set(kernel);
const fromCli = {
  name: 'kernel-from-cli',
  setup(b) {
    b.onResolve({ filter: /^\./ }, (args) => (kernelSet.has(resolved(args)) ? { path: `./${CLI}`, external: true } : undefined));
  },
};
await build({
  ...common,
  entryPoints: commands,
  outdir,
  splitting: true,
  entryNames: '[name]',
  chunkNames: 'chunk-[hash]',
  plugins: [fromCli, ownUrl],
});
