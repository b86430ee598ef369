/** The stage, the button row and the incoming-call panel of `<vinteo-call>`: real buttons with labels and `aria-pressed`. */
import { html, nothing, type TemplateResult } from 'lit';
import type { CallState, VinteoConnectorApi } from '../../src/types.js';
import { translate, type StringKey } from '../i18n.js';

/** What the controls read from, and call on, the element. */
export interface CallControlsHost extends HTMLElement {
  readonly connector: VinteoConnectorApi | undefined;
  readonly state: CallState;
  readonly muted: boolean;
  readonly cameraOff: boolean;
  readonly audioBlocked: boolean;
  readonly redialling: boolean;
  readonly layout: string;
  call(): Promise<void>;
  hangUp(): Promise<void>;
  answer(): Promise<void>;
  decline(): Promise<void>;
  toggleMic(): void;
  toggleCamera(): void;
  enableSound(): Promise<void>;
}

export interface ButtonOptions {
  pressed?: boolean;
  disabled?: boolean;
}

/** One `part="button {part}"` button labelled with the translated `label`. */
export function button(
  host: Element,
  part: string,
  label: StringKey,
  onClick: () => void,
  extra: ButtonOptions = {},
): TemplateResult {
  return html`<button part="button ${part}" type="button" @click=${onClick} ?disabled=${extra.disabled ?? false}
    aria-pressed=${extra.pressed === undefined ? nothing : String(extra.pressed)}>${translate(host, label)}</button>`;
}

/** Call or hang up, microphone and camera toggles (locked by the moderator when `locks` say so), "Enable sound". */
export function renderControls(host: CallControlsHost, locks: { mic: boolean; camera: boolean }): TemplateResult {
  const c = host.connector;
  const inCall = host.state === 'active' || host.state === 'calling' || host.state === 'answering';
  const mic = !host.muted;
  const cam = !host.cameraOff;
  return html`<div part="controls" role="group" aria-label=${translate(host, 'controls')}>
    ${
      inCall || host.redialling
        ? button(host, 'hangup-button', inCall ? 'hangUp' : 'stopRedial', () => void host.hangUp())
        : button(host, 'call-button', 'call', () => void host.call(), { disabled: !c || host.state !== 'idle' })
    }
    ${button(host, 'mic-button', mic ? 'micOn' : 'micOff', () => host.toggleMic(), { pressed: mic, disabled: !c || locks.mic })}
    ${button(host, 'camera-button', cam ? 'camOn' : 'camOff', () => host.toggleCamera(), { pressed: cam, disabled: !c || locks.camera })}
    ${host.audioBlocked ? button(host, 'unlock-button', 'enableSound', () => void host.enableSound()) : nothing}
    <slot name="controls"></slot>
  </div>`;
}

/** The ringing panel: who calls, answer and decline. */
export function renderIncoming(host: CallControlsHost): TemplateResult | typeof nothing {
  const caller = host.connector?.incomingCaller;
  if (host.state !== 'ringing' || !caller) return nothing;
  const name = caller.displayName || caller.user;
  return html`<div part="incoming" role="group" aria-label=${translate(host, 'state.ringing')}>
    <span>${translate(host, 'incoming', { name })}</span>
    ${button(host, 'answer-button', 'answer', () => void host.answer())}
    ${button(host, 'decline-button', 'decline', () => void host.decline())}
  </div>`;
}

/** The video area: shared content (when there is some), the far end's video or the placeholder, the local preview, `corner` (the quality badge). */
export function renderStage(host: CallControlsHost, corner: TemplateResult | typeof nothing = nothing): TemplateResult {
  const hasRemoteVideo = Boolean(host.connector?.remoteTracks.some((t) => t.kind === 'video'));
  const content = Boolean(host.connector?.remoteStreamsView.content);
  return html`<div part="stage" data-layout=${host.layout === 'content-first' ? 'content-first' : 'side-by-side'} ?data-content=${content}>
    ${content ? html`<video part="content-video" playsinline autoplay muted aria-label=${translate(host, 'sharedContent')}></video>` : nothing}
    <video part="remote-video" playsinline autoplay aria-label=${translate(host, 'remoteVideo')} ?hidden=${!hasRemoteVideo}></video>
    ${hasRemoteVideo ? nothing : html`<div part="placeholder"><slot name="placeholder">${translate(host, 'noVideo')}</slot></div>`}
    <video part="local-video" playsinline autoplay muted aria-label=${translate(host, 'localVideo')}></video>
    ${corner}
  </div>`;
}
