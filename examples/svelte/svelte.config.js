// Svelte 5 in runes mode for the whole app ($state, $derived; no legacy `export let`).
export default {
  compilerOptions: { runes: true },
};
