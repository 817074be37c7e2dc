import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// One self-contained file: the host page adds a single <script>; styles travel inside the JS
// (imported with ?inline) and go into the widget's shadow root. public/demo.html is copied.
export default defineConfig({
  build: {
    lib: {
      entry: fileURLToPath(new URL('src/main.ts', import.meta.url)),
      formats: ['iife'],
      name: 'Sangdam',
      fileName: () => 'sangdam-widget.js',
    },
  },
});
