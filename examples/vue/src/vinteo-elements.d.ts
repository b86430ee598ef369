// The <vinteo-*> elements in Vue templates (GlobalComponents): attributes, properties and events, typed from the
// package's custom-elements.json.
import 'vinteo-elements/types/vue';
