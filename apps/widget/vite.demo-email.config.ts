import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The email demo page (served at /demo/email while the demo mailbox is in use): a page of its
// own, built beside the widget bundle into dist/ (demo-email.html, assets under /widget/).
export default defineConfig({
  base: '/widget/',
  publicDir: false,
  build: {
    emptyOutDir: false,
    rollupOptions: {
      input: fileURLToPath(new URL('demo-email.html', import.meta.url)),
    },
  },
});
