// The <vinteo-*> elements in React's JSX (IntrinsicElements of react/jsx-runtime): attributes, properties and
// `onvinteo-…` event props, typed from the package's custom-elements.json.
import 'vinteo-elements/types/jsx';
