// Placeholder: replaced by the real local Vinteo server plugin.
export function vinteoServerPlugin() {
  return { name: 'vinteo-server' };
}
