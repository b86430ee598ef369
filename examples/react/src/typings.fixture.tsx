// Type fixture (not part of the app): `tsc -p react` must reject each line under a `@ts-expect-error`, so the check
// fails when the JSX typings of vinteo-elements stop rejecting a wrong attribute value or an unknown event.
import { useRef } from 'react';
import type { VinteoCallElement, VinteoCallStateChangeEvent, VinteoConnectorElement } from 'vinteo-elements/elements';

const onCallState = (event: VinteoCallStateChangeEvent) => event.detail.state;

export const right = <vinteo-call target="1000" layout="content-first" onvinteo-call-state-change={onCallState} />;

// A ref object from `useRef<T>(null)` (React 19's `RefObject<T | null>`); App.tsx uses callback refs.
export function WithRef() {
  const call = useRef<VinteoCallElement>(null);
  return <vinteo-call ref={call} onvinteo-call-ended={() => call.current?.focus()} />;
}

export function WrongRef() {
  const connector = useRef<VinteoConnectorElement>(null);
  // @ts-expect-error a <vinteo-connector> ref object does not fit a <vinteo-call>
  return <vinteo-call ref={connector} />;
}

// @ts-expect-error `target` is a string, not a number
export const numberTarget = <vinteo-call target={1000} />;

// @ts-expect-error `layout` is `side-by-side` or `content-first`
export const badLayout = <vinteo-call layout="grid" />;

// @ts-expect-error no such event: React 19 listens to `onvinteo-call-state-change`, a camel-cased prop is unknown
export const unknownEvent = <vinteo-call onVinteoCallStateChange={onCallState} />;

// @ts-expect-error the handler of `vinteo-call-ended` gets the call-ended event, whose detail has no `state`
export const wrongDetail = <vinteo-call onvinteo-call-ended={(event) => event.detail.state} />;

// TypeScript never checks hyphenated JSX names (like `data-*`): `onvinteo-no-such-event` cannot be rejected.
