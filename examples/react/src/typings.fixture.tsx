// Type fixture (not part of the app): `tsc -p react` must reject each line under a `@ts-expect-error`, so the check
// fails when the JSX typings of vinteo-elements stop rejecting a wrong attribute value or an unknown event.
import type { VinteoCallStateChangeEvent } from 'vinteo-elements/elements';

const onCallState = (event: VinteoCallStateChangeEvent) => event.detail.state;

export const right = <vinteo-call target="1000" layout="content-first" onvinteo-call-state-change={onCallState} />;

// @ts-expect-error `target` is a string, not a number
export const numberTarget = <vinteo-call target={1000} />;

// @ts-expect-error `layout` is `side-by-side` or `content-first`
export const badLayout = <vinteo-call layout="grid" />;

// @ts-expect-error no such event: React 19 listens to `onvinteo-call-state-change`, a camel-cased prop is unknown
export const unknownEvent = <vinteo-call onVinteoCallStateChange={onCallState} />;

// @ts-expect-error the handler of `vinteo-call-ended` gets the call-ended event, whose detail has no `state`
export const wrongDetail = <vinteo-call onvinteo-call-ended={(event) => event.detail.state} />;

// TypeScript never checks hyphenated JSX names (like `data-*`): `onvinteo-no-such-event` cannot be rejected.
