// @ts-check
// A @web/test-runner plugin that runs the local Vinteo server for the whole test run and lets browser tests
// drive it: `executeServerCommand('vinteo', { action, args })` (see test/support/server.ts), or the older flat form
// `{ action, ...args }` (which cannot carry an argument named `action`, e.g. adminMedia's).
import { startVinteoServer } from './index.js';

export function vinteoServerPlugin() {
  /** @type {Awaited<ReturnType<typeof startVinteoServer>> | undefined} */
  let server;
  /** The test file (runner session) that sent the last command: a new one starts with the default fault settings. */
  let lastSession = '';
  return {
    name: 'vinteo-server',
    async serverStart() {
      server = await startVinteoServer({ host: '127.0.0.1', port: 0 });
    },
    async serverStop() {
      await server?.stop();
    },
    /** @param {{ command: string, payload?: any, session?: { id: string } }} args */
    async executeCommand({ command, payload, session }) {
      if (command !== 'vinteo') return undefined;
      if (session && session.id !== lastSession) {
        lastSession = session.id;
        await server?.control.resetFaults();
      }
      const { action, args: wrapped, ...flat } = payload ?? {};
      const args = wrapped && typeof wrapped === 'object' ? wrapped : flat;
      const control = /** @type {Record<string, (a: any) => Promise<unknown>>} */ (
        /** @type {unknown} */ (server?.control ?? {})
      );
      if (typeof control[action] !== 'function') return { error: `unknown action ${action}` };
      try {
        return (await control[action](args)) ?? null;
      } catch (error) {
        return { error: error instanceof Error ? error.message : String(error) };
      }
    },
  };
}
