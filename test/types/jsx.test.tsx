// Type fixture for types/jsx.d.ts (React 19 JSX), checked by `npm run lint` (tsc -p test/types): the right
// attributes, properties and events of the <vinteo-*> elements type-check, wrong ones must fail. Each
// `@ts-expect-error` fails the check if the typings stop rejecting that line.
import { createRef, useRef } from 'react';
import type {
  CallStateChangeDetail,
  VinteoCallElement,
  VinteoConnectorElement,
  VinteoDialpadElement,
} from 'vinteo-elements/elements';

const onState = (event: { detail: CallStateChangeDetail; target: VinteoCallElement }) => event.detail.state;

export const page = (
  <vinteo-connector server="wss://127.0.0.1:8443/ws" user="1000" register display-name="Ann">
    <vinteo-call target="1000" auto-answer layout="content-first" onvinteo-call-state-change={onState} />
    <vinteo-dialpad extended />
    <vinteo-stats compact />
  </vinteo-connector>
);

// React 19 refs: a ref object (`useRef<T>(null)`, `createRef<T>()`: `RefObject<T | null>`) and a callback ref.
export function WithRefs() {
  const connector = useRef<VinteoConnectorElement>(null);
  const call = useRef<VinteoCallElement | null>(null);
  return (
    <vinteo-connector ref={connector} onvinteo-connection-state-change={() => call.current?.call()}>
      <vinteo-call ref={call} />
      <vinteo-dialpad ref={createRef<VinteoDialpadElement>()} />
      <vinteo-stats ref={(stats) => void stats.compact} />
    </vinteo-connector>
  );
}

export const detailIsTyped = <vinteo-call onvinteo-call-ended={(e) => e.detail.cause.toUpperCase()} />;

// @ts-expect-error `target` is a string, not a number
export const numberTarget = <vinteo-call target={1000} />;

// @ts-expect-error React 19 listens to `onvinteo-call-state-change`; a camel-cased handler is no event of the element
export const camelCasedEvent = <vinteo-call onVinteoCallStateChange={() => undefined} />;

// @ts-expect-error <vinteo-call> has no such property
export const unknownProperty = <vinteo-call autoAnswerr />;

// @ts-expect-error `layout` is `side-by-side` or `content-first`
export const badLayout = <vinteo-call layout="grid" />;

// @ts-expect-error the event's detail has no such field
export const unknownDetail = <vinteo-call onvinteo-call-state-change={(e) => e.detail.nope} />;

// @ts-expect-error the handler gets the call's state-change event, not the connector's
export const wrongHandler = <vinteo-call onvinteo-call-state-change={(e: { detail: { server: string } }) => e} />;

export function WrongRef() {
  const connector = useRef<VinteoConnectorElement>(null);
  // @ts-expect-error a ref object for a <vinteo-connector> does not fit a <vinteo-call>
  return <vinteo-call ref={connector} />;
}

// A hyphenated attribute or event name (`no-such-attribute`, `onvinteo-no-such-event`) is never checked by
// TypeScript in JSX (like `data-*`), so a misspelt one cannot be rejected here.
