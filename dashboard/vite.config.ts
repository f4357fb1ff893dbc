import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const api = process.env.TAGIH_API ?? 'http://127.0.0.1:8080';
const proxy = {
  '/graphql': { target: api, ws: true },
  '/plugins': { target: api },
};
// Keep in step with src/http/dashboard.rs.
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

// Built files are committed (dashboard/dist) and embedded in the binary (ADR 0030).
export default defineConfig({
  plugins: [svelte()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    // Strict CSP: no inline scripts or styles, no data: URLs for assets.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    cssCodeSplit: false,
    sourcemap: false,
    reportCompressedSize: false,
  },
  // `npm run dev` / `vite preview` against a running `tagih serve` (TAGIH_API), with the
  // binary's CSP so a violation shows up while developing too.
  server: { proxy },
  preview: { proxy, headers: { 'Content-Security-Policy': CSP } },
  test: { include: ['src/**/*.test.ts'] },
});
