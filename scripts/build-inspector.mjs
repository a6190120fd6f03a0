// Build step: bundles the inspector's page (src/inspector/ui) into dist/inspector/: index.html,
// one script and one stylesheet, with no inline script or style, because the server's
// Content-Security-Policy allows only files from its own origin. Nothing is fetched at run time.
import { copyFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const src = fileURLToPath(new URL('../src/inspector/ui/', import.meta.url));
const out = fileURLToPath(new URL('../dist/inspector/', import.meta.url));

mkdirSync(out, { recursive: true });
await build({
  entryPoints: { app: `${src}main.tsx` },
  outdir: out,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['chrome110', 'firefox115', 'safari16'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
});
for (const file of ['index.html', 'favicon.svg']) copyFileSync(`${src}${file}`, `${out}${file}`);
