import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { defineConfig } from 'vitest/config';
import { classroomDevServer } from './src/classroom-server/vite-plugin.ts';

/**
 * Cross-origin isolation, so SharedArrayBuffer (threads for WebAssembly kernels) is available: the
 * page loads nothing from another origin (KaTeX's fonts and every chunk are ours), so require-corp
 * blocks nothing, and it works in every browser, where credentialless is not in Safari. The service
 * worker's precache keeps these headers, so an offline reload stays isolated.
 */
const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  plugins: [
    react(),
    classroomDevServer(),
    // Offline after one visit (classrooms have poor networks): the service worker precaches every
    // chunk, including the lazy ones (KaTeX, the exact engine, the evaluation worker), KaTeX's woff2
    // fonts and the examples. A new version waits for the user's Reload (src/ui/pwa.ts).
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['icon.svg'],
      manifest: {
        name: 'Backprop Studio',
        short_name: 'Backprop',
        description: 'A visual computational-graph editor: watch forward values and gradients flow, step by step.',
        theme_color: '#4f46e5',
        background_color: '#f4f5f8',
        display: 'standalone',
        icons: [{ src: 'icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
      },
      workbox: {
        // woff2 only: every browser that runs a service worker reads it, so the woff and ttf copies are never fetched.
        globPatterns: ['**/*.{js,css,html,woff2,json,svg,webmanifest}'],
        // mathjs (the exact engine) is about 740 kB: over workbox's 2 MiB default only with room to spare, but say so.
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
        navigateFallback: 'index.html',
      },
    }),
  ],
  server: { port: 5173, host: '127.0.0.1', headers: isolation },
  preview: { port: 4173, host: '127.0.0.1', headers: isolation },
  worker: { format: 'es' },
  build: {
    // The largest chunks are loaded once and cached: the libraries (React, React Flow, d3, zod,
    // immer), the app, and mathjs, which only exact mode loads, lazily (about 740 kB). Vite's 500 kB
    // default would warn on every build about sizes we chose. The libraries get a chunk of their
    // own, so a new version of the app does not make a returning visitor download them again.
    chunkSizeWarningLimit: 1000,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [{ name: 'vendor', test: /node_modules[\\/](react|react-dom|scheduler|@xyflow|d3-[a-z-]+|zod|immer|zustand|idb)[\\/]/ }],
        },
      },
    },
  },
  test: {
    globals: true,
    environment: 'node',
    include: ['src/**/*.test.{ts,tsx}', 'tests/unit/**/*.test.{ts,tsx}'],
    setupFiles: ['tests/setup.ts'],
    // Generous: CI machines can be several times slower than this one, and no test is about speed.
    testTimeout: 30_000,
    // Vitest leaves one core to its main process (one worker on CI's two cores); many tests wait on
    // python3, pdflatex or the CLI as subprocesses, so two workers keep both cores busy: 135 s
    // instead of 180-190 s for the unit suite here.
    maxWorkers: 2,
  },
});
