import { gzipSync } from 'node:zlib';
import vue from '@vitejs/plugin-vue';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import Components from 'unplugin-vue-components/vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/** Prints the built console's size after each build: every file raw and gzip, the entry chunk's gzip against its budget. */
function sizeReport(): Plugin {
  const budget = 500 * 1024;
  return {
    name: 'enclave-size-report',
    apply: 'build',
    generateBundle(_options, bundle) {
      let raw = 0;
      let gzip = 0;
      let entry = 0;
      for (const file of Object.values(bundle)) {
        const bytes = file.type === 'chunk' ? Buffer.from(file.code) : Buffer.from(file.source as string | Uint8Array);
        const zipped = gzipSync(bytes).length;
        raw += bytes.length;
        gzip += zipped;
        if (file.type === 'chunk' && file.isEntry) entry += zipped;
      }
      const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
      this.info(
        `console size: ${Object.keys(bundle).length} files, ${kb(raw)} raw, ${kb(gzip)} gzip; entry chunk ${kb(entry)} gzip (budget ${kb(budget)})`,
      );
      if (entry > budget) this.error(`the entry chunk is ${kb(entry)} gzip, over the ${kb(budget)} budget`);
    },
  };
}

export default defineConfig({
  // Element Plus components (and their styles) are imported where a template uses them, never the whole library.
  // Component tests (happy-dom) need no styles.
  plugins: [
    vue(),
    Components({ resolvers: [ElementPlusResolver({ importStyle: process.env.VITEST ? false : 'css' })], dts: 'components.d.ts' }),
    sizeReport(),
  ],
  build: { chunkSizeWarningLimit: 1024, reportCompressedSize: false },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
  test: {
    environment: 'happy-dom',
    include: ['tests/**/*.spec.ts'],
    // Element Plus through Vite too, so that it and the components share one Vue (provide/inject between a form and its items).
    server: { deps: { inline: ['element-plus'] } },
  },
});
