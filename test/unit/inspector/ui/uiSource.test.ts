/**
 * The page's rules, checked on its source: it reaches the server only through the API (so it
 * imports nothing from io, commands or render, only core's pure helpers), uses only its UI
 * library, and never turns text into markup.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const UI = fileURLToPath(new URL('../../../../src/inspector/ui/', import.meta.url));
const CORE = fileURLToPath(new URL('../../../../src/core/', import.meta.url));
const PACKAGES = ['preact', 'preact/hooks', '@preact/signals'];

const files = (readdirSync(UI, { recursive: true }) as string[]).filter((f) => /\.(ts|tsx)$/.test(f)).map((f) => path.join(UI, f));

describe('the inspector page source', () => {
  it('has files to check', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files.map((f) => [path.relative(UI, f), f]))('%s imports only its own files, core and its UI library', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:from\s+|import\s*\(?\s*)'([^']+)'/g)) {
      const spec = m[1];
      if (!spec.startsWith('.')) {
        expect(PACKAGES, spec).toContain(spec);
        continue;
      }
      const target = path.resolve(path.dirname(file), spec);
      expect(target.startsWith(UI) || target.startsWith(CORE), spec).toBe(true);
    }
  });

  it.each(files.map((f) => [path.relative(UI, f), f]))('%s never renders text as markup', (_name, file) => {
    expect(readFileSync(file, 'utf8')).not.toMatch(/dangerouslySetInnerHTML|innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function/);
  });
});
