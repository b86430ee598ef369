// Register the <vinteo-*> elements before Svelte renders: Svelte sets `password` as a property only when the
// element is already defined (an undefined element gets every string as an attribute).
import 'vinteo-elements/define';
import { mount } from 'svelte';
import App from './App.svelte';

mount(App, { target: document.getElementById('app') as HTMLElement });
