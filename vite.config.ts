import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [react()],
  server: { port: 5173, host: '127.0.0.1' },
  preview: { port: 4173, host: '127.0.0.1' },
  worker: { format: 'es' },
  build: {
    // The largest chunks are loaded once and cached: the app itself (React, React Flow, d3, zod,
    // immer; about 870 kB, 280 kB gzipped) and mathjs, which only exact mode loads, lazily (about
    // 740 kB). Vite's 500 kB default would warn on every build about sizes we chose.
    chunkSizeWarningLimit: 1000,
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
