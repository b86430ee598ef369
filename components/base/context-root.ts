import { ContextRoot } from '@lit/context';

const ROOT_FLAG = Symbol.for('vinteo.context-root');

/**
 * Attaches one Lit ContextRoot per page so a provider that upgrades after its consumers still reaches them.
 * Idempotent across copies of the bundle (a `Symbol.for` flag); a no-op without a `document` (server rendering).
 * Attached to `<html>` rather than `<body>`: every context request that reaches `<body>` reaches `<html>` too,
 * and `<html>` exists even when a classic script runs in `<head>`.
 */
export function attachContextRoot(): void {
  if (typeof document === 'undefined') return;
  const root = document.documentElement as HTMLElement & { [ROOT_FLAG]?: boolean };
  if (root[ROOT_FLAG]) return;
  root[ROOT_FLAG] = true;
  new ContextRoot().attach(root);
}
