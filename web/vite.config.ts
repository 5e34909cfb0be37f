import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));
// `npm run dev` starts Stint on PORT (8080 unless set) and this dev server beside it; the app
// calls the APIs on its own origin, so they are proxied there.
const stint = process.env.STINT_URL ?? `http://localhost:${process.env.PORT ?? 8080}`;
const apiPrefixes = ['/api/', '/reports/', '/insights/', '/webhooks/', '/stint/', '/healthz', '/readyz'];

export default defineConfig({
  root,
  plugins: [react()],
  build: {
    // Beside the compiled server (dist/main.js), where src/http/web.ts looks for it.
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // Nothing inlined as data: URLs beyond what the CSP allows for images and fonts.
    assetsInlineLimit: 0,
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: Object.fromEntries(apiPrefixes.map((p) => [p, { target: stint, changeOrigin: false }])),
  },
});
