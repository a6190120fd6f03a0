// Build step (after tsc): bundles the CLI that tsc wrote (dist/cli.js and what it imports) into a
// few files in dist/cli-bundle/, which the bin runs. Node 20 loads ES modules one by one (resolve,
// read, compile, link); the ~50 modules and commander's 6 files a command loaded cost it more than
// the command's own start-up work (issue 13). Each command's code stays in its own chunk, loaded
// when that command runs. The library (dist/index.js) is not bundled.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const outdir = path.join(dist, 'cli-bundle');

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

await build({
  entryPoints: { cli: path.join(dist, 'cli.js') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // undici stays a package of its own: it is large, loaded only to send, and reads its own files.
  external: ['undici'],
  chunkNames: 'chunk-[hash]',
  // commander is CommonJS: its require() of Node's modules needs a require in an ES module.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [ownUrl],
});
