/**
 * Bundles a browser page with vite's build API (no config file): used for the app's page at server start
 * and by `npm run build:web`-like scripts, and for the render bench page. Output goes to a git-ignored dist/.
 */
import { build } from 'vite';

export async function buildPage(root: string, outDir: string): Promise<void> {
  await build({
    root,
    base: './',
    logLevel: 'warn',
    configFile: false,
    build: { outDir, emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 4096, reportCompressedSize: false },
  });
}
