#!/usr/bin/env node
// Bundles the client islands (src/client/*.ts, entry points only) into public/js/ with esbuild, with
// Leaflet as a separate chunk loaded on demand, and copies Leaflet's stylesheet next to them (CSP
// forbids inline styles). Runs on `npm install` (postinstall) and at the start of `npm test` if missing.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'public', 'js');
const require = createRequire(import.meta.url);
let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  console.warn('build-islands: esbuild is not installed (production install?); islands not built');
  process.exit(0);
}
const clientDir = path.join(root, 'src', 'client');
const entries = readdirSync(clientDir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('-loader.ts'))
  .map((f) => path.join(clientDir, f));
mkdirSync(outdir, { recursive: true });
await esbuild.build({
  entryPoints: entries,
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  minify: true,
  target: ['es2019', 'chrome80', 'firefox78', 'safari13'],
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
  legalComments: 'none',
});
copyFileSync(require.resolve('leaflet/dist/leaflet.css'), path.join(outdir, 'leaflet.css'));
console.log(`build-islands: ${entries.length} island(s) → public/js/`);
