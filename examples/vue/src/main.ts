// Register the <vinteo-*> elements before Vue renders, so Vue sees their properties (`password`, `iceServers` …).
import 'vinteo-elements/define';
import { createApp } from 'vue';
import App from './App.vue';

createApp(App).mount('#app');
