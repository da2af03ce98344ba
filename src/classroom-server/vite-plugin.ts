import { spawn, type ChildProcess } from 'node:child_process';
import type { Plugin } from 'vite';
import { HTTP_PREFIX } from '../classroom/protocol.ts';

/**
 * `npm start` serves a classroom too: the dev server starts `npm run classroom-server` on the
 * loopback interface (its own process, so 300 students never slow the dev server) and forwards
 * /classroom, HTTP and WebSocket, to it; a single machine works with no set-up. Not under Vitest,
 * whose tests start servers of their own.
 */
export function classroomDevServer(port = Number(process.env.CLASSROOM_PORT ?? 1235)): Plugin {
  let child: ChildProcess | null = null;
  return {
    name: 'backprop-classroom',
    apply: 'serve',
    config: () => ({ server: { proxy: { [HTTP_PREFIX]: { target: `http://127.0.0.1:${port}`, ws: true } } } }),
    configureServer(vite) {
      if (process.env.VITEST) return;
      const args = ['--import', 'tsx', 'src/classroom-server/main.ts', '--port', String(port), '--host', '127.0.0.1'];
      child = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'] });
      // Another dev server's classroom may already hold the port: the proxy then reaches that one.
      child.on('exit', (code) => code && vite.config.logger.warn(`  classroom server stopped (exit ${code}); is port ${port} taken?`));
      vite.httpServer?.once('close', () => child?.kill());
      process.once('exit', () => child?.kill());
    },
  };
}
