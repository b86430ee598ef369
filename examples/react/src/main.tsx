// Register the <vinteo-*> elements before React renders: React 19 sets a prop as a property only when the element
// already has it (`password` in el), else as an attribute.
import 'vinteo-elements/define';
import { createRoot } from 'react-dom/client';
import { App } from './App';

createRoot(document.getElementById('app') as HTMLElement).render(<App />);
