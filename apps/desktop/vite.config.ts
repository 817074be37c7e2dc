import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const serverUrl = 'http://localhost:3000';
const contractsDir = fileURLToPath(new URL('../../packages/contracts/src/', import.meta.url));

export default defineConfig({
  base: '/',
  plugins: [react()],
  server: {
    proxy: {
      '/api': serverUrl,
      '/socket.io': { target: serverUrl, ws: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The standard reply's editor (TipTap and ProseMirror, ~560 kB) is one chunk loaded only
    // when an agent first opens Reply; the initial load is what must stay small (≤ 350 KB gzip).
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      // The desktop only needs constants from the contracts at run time; marking the package
      // side-effect free keeps its zod schemas (and zod) out of the bundle.
      treeshake: {
        moduleSideEffects: (id: string) => !id.startsWith(contractsDir),
      },
      output: {
        // React and Mantine change far less often than the app, so they get chunks of their own
        // that stay cached across releases. Everything else follows the import graph, so
        // libraries used only by lazy screens stay in those screens' chunks.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            {
              name: 'mantine',
              test: /node_modules[\\/](@mantine[\\/](core|hooks|notifications)|@floating-ui)[\\/]/,
            },
          ],
        },
      },
    },
  },
});
