// The <vinteo-*> elements in Svelte markup (svelteHTML.IntrinsicElements): attributes, properties and `onvinteo-…`
// event attributes, typed from the package's custom-elements.json.
import 'vinteo-elements/types/svelte';
