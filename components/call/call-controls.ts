/**
 * The stage, the control bar and the incoming-call panel of `<vinteo-call>`: real buttons with an icon and a label
 * that says what they do ("Mute" / "Unmute"), `aria-pressed` on the toggles, and a reason on disabled ones.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { CallState, VinteoConnectorApi } from '../../src/types.js';
import { translate, type StringKey } from '../i18n.js';
import { icons } from './icons.js';

/** Why the microphone or camera cannot be switched now (a string key), or nothing when it can. */
export interface MediaLocks {
  mic?: StringKey;
  camera?: StringKey;
}

/** What the controls read from, and call on, the element. */
export interface CallControlsHost extends HTMLElement {
  readonly connector: VinteoConnectorApi | undefined;
  readonly state: CallState;
  readonly muted: boolean;
  readonly cameraOff: boolean;
  readonly audioBlocked: boolean;
  readonly redialling: boolean;
  readonly layout: string;
  readonly media: string;
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
  icon?: TemplateResult;
  /** The tooltip and accessible description: why it is disabled, or the state it shows. */
  title?: string;
}

/** One `part="button {part}"` button: an icon and the translated `label`. */
export function button(
  host: Element,
  part: string,
  label: StringKey,
  onClick: () => void,
  extra: ButtonOptions = {},
): TemplateResult {
  const pressed = extra.pressed === undefined ? nothing : String(extra.pressed);
  return html`<button part="button ${part}" type="button" @click=${onClick} ?disabled=${extra.disabled ?? false}
    aria-pressed=${pressed} title=${extra.title ?? nothing} ?data-icon=${Boolean(extra.icon)}>${extra.icon ?? nothing}<span part="label">${translate(host, label)}</span></button>`;
}

const IN_CALL = new Set<CallState>(['active', 'calling', 'answering']);

/** The microphone toggle: "Mute" while it sends, "Unmute" while it does not; locked with the reason. */
function micButton(host: CallControlsHost, locks: MediaLocks): TemplateResult {
  const on = !host.muted;
  const why = host.connector ? locks.mic : 'why.notConnected';
  return button(host, 'mic-button', on ? 'mute' : 'unmute', () => host.toggleMic(), {
    pressed: on,
    disabled: why !== undefined,
    icon: on ? icons.mic : icons.micOff,
    title: translate(host, why ?? (on ? 'mic.isOn' : 'mic.isOff')),
  });
}

/** The camera toggle ("Stop camera" / "Start camera"); none when the element captures sound only. */
function cameraButton(host: CallControlsHost, locks: MediaLocks): TemplateResult | typeof nothing {
  if (host.media === 'audio') return nothing;
  const on = !host.cameraOff && !locks.camera;
  const why = host.connector ? locks.camera : 'why.notConnected';
  return button(host, 'camera-button', on ? 'stopCamera' : 'startCamera', () => host.toggleCamera(), {
    pressed: on,
    disabled: why !== undefined,
    icon: on ? icons.camera : icons.cameraOff,
    title: translate(host, why ?? (on ? 'camera.isOn' : 'camera.isOff')),
  });
}

/** Call, or hang up (prominent, last): "Stop calling again" while a lost call is redialled. */
function callButton(host: CallControlsHost): TemplateResult {
  const inCall = IN_CALL.has(host.state);
  if (inCall || host.redialling) {
    const label = inCall ? 'hangUp' : 'stopRedial';
    return button(host, 'hangup-button', label, () => void host.hangUp(), { icon: icons.hangUp });
  }
  const why = !host.connector ? 'why.notConnected' : host.state !== 'idle' ? 'why.inCall' : undefined;
  return button(host, 'call-button', 'call', () => void host.call(), {
    disabled: why !== undefined,
    icon: icons.call,
    title: why && translate(host, why),
  });
}

/** The control bar: microphone, camera, the `controls` slot, "Enable sound", then call / hang up. */
export function renderControls(host: CallControlsHost, locks: MediaLocks): TemplateResult {
  return html`<div part="controls" role="group" aria-label=${translate(host, 'controls')}>
    ${micButton(host, locks)} ${cameraButton(host, locks)}
    <slot name="controls"></slot>
    ${host.audioBlocked ? button(host, 'unlock-button', 'enableSound', () => void host.enableSound(), { icon: icons.sound }) : nothing}
    ${callButton(host)}
  </div>`;
}

/** The ringing panel: who calls, answer and decline. */
export function renderIncoming(host: CallControlsHost): TemplateResult | typeof nothing {
  const caller = host.connector?.incomingCaller;
  if (host.state !== 'ringing' || !caller) return nothing;
  const name = caller.displayName || caller.user;
  return html`<div part="incoming" role="group" aria-label=${translate(host, 'state.ringing')}>
    <span>${translate(host, 'incoming', { name })}</span>
    ${button(host, 'answer-button', 'answer', () => void host.answer(), { icon: icons.call })}
    ${button(host, 'decline-button', 'decline', () => void host.decline(), { icon: icons.hangUp })}
  </div>`;
}

export interface StageExtras {
  /** The quality badge (inside the `quality` slot). */
  badge: TemplateResult | typeof nothing;
  /** The call timer and the full-screen button (top right). */
  corner: TemplateResult | typeof nothing;
  /** Show our own camera in the corner (there is a local video track, it is on, and the licence allows it). */
  selfView: boolean;
  /** The placeholder's text while there is no remote video. */
  placeholder: string;
}

/** The video area: shared content, the far end's video or the placeholder, our camera, badge and corner. */
export function renderStage(host: CallControlsHost, extras: StageExtras): TemplateResult {
  const hasRemoteVideo = Boolean(host.connector?.remoteTracks.some((t) => t.kind === 'video'));
  const content = Boolean(host.connector?.remoteStreamsView.content);
  return html`<div part="stage" data-layout=${host.layout === 'content-first' ? 'content-first' : 'side-by-side'} ?data-content=${content}>
    ${content ? html`<video part="content-video" playsinline autoplay muted aria-label=${translate(host, 'sharedContent')}></video>` : nothing}
    <video part="remote-video" playsinline autoplay aria-label=${translate(host, 'remoteVideo')} ?hidden=${!hasRemoteVideo}></video>
    ${hasRemoteVideo ? nothing : html`<div part="placeholder"><slot name="placeholder">${extras.placeholder}</slot></div>`}
    <video part="local-video" playsinline autoplay muted aria-label=${translate(host, 'localVideo')} ?hidden=${!extras.selfView}></video>
    <div part="stage-top"><slot name="quality">${extras.badge}</slot><span part="stage-spacer"></span>${extras.corner}</div>
  </div>`;
}
