import { html, type PropertyValues } from 'lit';
import { property, query } from 'lit/decorators.js';
import { toVinteoError, VinteoError } from '../../src/errors.js';
import type { RoomStatus } from '../../src/conference/types.js';
import type { Quality } from '../../src/stats/types.js';
import type { SessionSnapshot } from '../../src/types.js';
import type { CallEndCause, CallOriginator, CallState, CallerInfo, VinteoConnectorApi } from '../../src/types.js';
import { ConnectedElement } from '../base/connected-element.js';
import { upgradeProperty } from '../base/upgrade-property.js';
import type { ConnectorHandlers } from '../controllers/connector-controller.js';
import { VinteoAudioBlockedEvent } from '../events/audio-blocked.js';
import { VinteoCallEndedEvent } from '../events/call-ended.js';
import { VinteoCallStateChangeEvent } from '../events/call-state-change.js';
import { VinteoIncomingCallEvent } from '../events/incoming-call.js';
import { translate } from '../i18n.js';
import { button, renderControls, renderIncoming, renderStage } from './call-controls.js';
import { StageUi } from './stage-ui.js';
import { captureErrorCode, ErrorUi } from './error-ui.js';
import { CONNECTION_ERROR_CODES, type ElementErrorCode } from '../events/error.js';
import { ConferenceUi } from './conference-ui.js';
import { RecoveryUi } from './recovery-ui.js';
import { QualityUi, qualityStyles } from './quality-ui.js';
import { captureWith, mainTracks, OwnMedia, play, SpeakerOutput, streamOf } from './media.js';
import { callStyles } from './vinteo-call.styles.js';
import type { CallPhase } from './call-status.js';
import { callView, IDLE_VIEW, type CallView } from './call-view.js';
import { StatusUi } from './status-ui.js';

const MEDIA_KINDS = ['video', 'audio'];
const LOST = new Set<string>(['media-timeout', 'dialog-lost']);
const LAYOUTS = ['side-by-side', 'content-first'];

/**
 * A call: dial, answer or decline, hang up, local preview and remote video with sound, mic and camera toggles.
 * Works inside `<vinteo-connector>` or with its `connector` property set.
 *
 * @tagname vinteo-call
 * @summary One call with its video, sound and controls.
 * @event {VinteoCallStateChangeEvent} vinteo-call-state-change - `{state, previous}` on every call state change.
 * @event {VinteoIncomingCallEvent} vinteo-incoming-call - `{caller}` when a call comes in.
 * @event {VinteoCallEndedEvent} vinteo-call-ended - `{originator, cause, statusCode?}` when a call ends or fails.
 * @event {VinteoAudioBlockedEvent} vinteo-audio-blocked - The browser blocked sound until the user clicks "Enable sound".
 * @event {VinteoErrorEvent} vinteo-error - `{code, message}` on failures (media permission, call refused, a bad attribute …); a lost call (`media-timeout`, `dialog-lost`) with the reason and what to do.
 * @event {VinteoCallReconnectingEvent} vinteo-call-reconnecting - `{reason}` (`transport` or `media`): the call is kept while the connection or its media recovers.
 * @event {VinteoCallResumedEvent} vinteo-call-resumed - `{downtimeMs}`: the kept call is whole again.
 * @event {VinteoRoomChangeEvent} vinteo-room-change - `{room, previous}`: waiting room, room entered, access granted …
 * @event {VinteoRoleChangeEvent} vinteo-role-change - `{role, previous}`: moved between participants and spectators.
 * @event {VinteoAdminRequestEvent} vinteo-admin-request - `{device, action, syncForced}` from the moderator; cancel it to handle it yourself.
 * @event {VinteoLicenseChangeEvent} vinteo-license-change - `{license}` the server granted.
 * @event {VinteoNoticeEvent} vinteo-notice - `{kind, conference?, text}`: moderator rights, webcast, word request, account …
 * @slot controls - Extra controls placed after the built-in buttons.
 * @slot placeholder - Shown while there is no remote video.
 * @slot notices - Replaces the built-in notice line (listen to `vinteo-notice` to fill it).
 * @slot quality - The stage's top-left corner: the built-in quality badge (`show-quality`), or your own `<vinteo-stats>` badge.
 * @csspart stage - The video area.
 * @csspart stage-frame - The frame around the stage that goes full screen.
 * @csspart stage-top - The row over the video with the quality slot and the corner controls.
 * @csspart stage-spacer - The gap between the quality slot and the corner controls in `stage-top`.
 * @csspart timer - The call timer (`role="timer"`).
 * @csspart quality-badge - With `show-quality`, the quality in the stage's corner (`data-quality`; `quality-badge-dot`, `quality-badge-text`; the reasons in its `title`); colours `--vinteo-quality-excellent|good|poor|lost`.
 * @csspart quality-badge-label - The pill of the quality badge (its dot and text).
 * @csspart quality-badge-dot - The coloured dot of the quality badge.
 * @csspart quality-badge-text - The quality in words ("Good" …).
 * @csspart remote-video - The remote `<video>` (plays the far end's sound too).
 * @csspart local-video - The local preview `<video>`.
 * @csspart content-video - The `<video>` of content another participant shares (while there is some).
 * @csspart placeholder - The text shown while there is no remote video.
 * @csspart controls - The control bar: microphone, camera, the `controls` slot, "Enable sound", then call / hang up (last, prominent).
 * @csspart icon - The inline SVG icon of a button.
 * @csspart label - The text of a button (what it does: "Mute" / "Unmute", "Stop camera" / "Start camera").
 * @csspart stage-frame - Wraps the stage (full screen happens on the stage inside it).
 * @csspart stage-top - The stage's top row: the `quality` slot, the timer and the full-screen button.
 * @csspart timer - The call's duration (`role="timer"`), during a call.
 * @csspart fullscreen-button - Full screen for the video area (`aria-pressed` while full screen).
 * @csspart button - Every button; also `call-button`, `hangup-button`, `mic-button`, `camera-button`, `answer-button`, `decline-button`, `unlock-button`, `fullscreen-button`, `retry-button`, `dismiss-button`. Toggles carry `aria-pressed` (true while the device sends) and a `title` with their state, or why they are disabled.
 * @csspart label - The text of a button.
 * @csspart icon - The inline SVG icon of a button.
 * @csspart call-button - The "Call" button.
 * @csspart hangup-button - The "Hang up" button (also stops calling a lost call again).
 * @csspart mic-button - The microphone toggle (`aria-pressed`).
 * @csspart camera-button - The camera toggle (`aria-pressed`).
 * @csspart unlock-button - The "Enable sound" button, while the browser blocks sound.
 * @csspart answer-button - The "Answer" button of the incoming-call panel.
 * @csspart decline-button - The "Decline" button of the incoming-call panel.
 * @csspart incoming - The incoming-call panel.
 * @csspart room - Our name in the room and the licence (`data-status` = room status); inside: `participant-name`, `license` (`data-license`). Where we are (waiting room, room, spectator) is the status line's.
 * @csspart room-name - The conference name in the conference line.
 * @csspart participant-name - Your name in the conference line.
 * @csspart role - Your role in the conference line (participant or spectator).
 * @csspart license - The licence the server granted (`data-license`).
 * @csspart admin-request - The moderator's request with `accept-button` and `refuse-button`.
 * @csspart accept-button - Accepts the moderator's request.
 * @csspart refuse-button - Refuses the moderator's request.
 * @csspart notices - The polite live region holding the latest `notice` (`data-kind`).
 * @csspart notice - The latest notice inside `notices` (`data-kind`).
 * @csspart status - The one status line (a polite live region), derived from the session: ready, calling, waiting room, in room, spectator, presenting, reconnecting, why a call was lost; `data-phase` and `data-tone` (`progress`, `waiting`, `live`, `spectator`, `presenting`, `warning`, `problem`; `data-problem` for a lost call).
 * @csspart error - The error panel under the stage (`role="alert"`, `data-code`): `error-text` (what happened and the next step), `error-detail` (the technical message), Retry (where calling again helps) and Dismiss.
 * @csspart error-body - The texts of the error panel.
 * @csspart error-text - What went wrong, in the user's words, with the next step.
 * @csspart error-detail - The technical message.
 * @csspart retry-button - Calls again after an error that trying again can fix.
 * @csspart dismiss-button - Hides the error panel.
 * @csspart error-body - The message and detail of the error panel.
 * @csspart error-text - What went wrong and what to do (`data-code` on `error`).
 * @csspart error-detail - The technical detail of the error, when there is one.
 * @csspart retry-button - Calls again, where calling again helps.
 * @csspart dismiss-button - Closes the error panel.
 * @cssproperty --vinteo-font - Font family.
 * @cssproperty --vinteo-color - Text colour.
 * @cssproperty --vinteo-accent - Button colour.
 * @cssproperty --vinteo-danger - Hang-up and error colour.
 * @cssproperty --vinteo-warning - Colour of the status line while the call is kept through an outage.
 * @cssproperty --vinteo-radius - Corner radius.
 * @cssproperty --vinteo-stage-background - Background of the video area.
 * @cssproperty --vinteo-incoming-background - Background of the incoming-call panel.
 * @cssproperty --vinteo-request-background - Background of the moderator-request panel.
 * @cssproperty --vinteo-focus - Focus ring colour.
 * @cssproperty --vinteo-controls-background - Background of the control bar.
 * @cssproperty --vinteo-call-color - Colour of the Call and Answer buttons.
 * @cssproperty --vinteo-error-background - Background of the error panel.
 */
export class VinteoCallElement extends ConnectedElement {
  static override styles = [callStyles, qualityStyles];

  #conference = new ConferenceUi(
    this,
    () => this.connector,
    (error) => this.#failWith(error),
  );
  #recovery = new RecoveryUi(this, {
    announce: (text, scope, problem) => this.#status.say(text, scope, problem),
    releaseMedia: () => this.#own.release(),
    autoRedial: () => this.autoRedial,
  });
  #own = new OwnMedia();
  #status = new StatusUi(this);
  #quality = new QualityUi(this);
  #stage = new StageUi(this);
  #errors = new ErrorUi(this, () => void this.call());
  /** The remote video plays on the speaker chosen in `connector.devices` (e.g. with `<vinteo-devices>`). */
  #speaker = new SpeakerOutput();
  #remoteStream?: MediaStream;
  #mediaStream?: MediaStream;
  #getUserMedia?: (constraints: MediaStreamConstraints) => Promise<MediaStream>;

  @query('[part="remote-video"]') private remoteVideo?: HTMLVideoElement;
  @query('[part="local-video"]') private localVideo?: HTMLVideoElement;
  @query('[part="content-video"]') private contentVideo?: HTMLVideoElement;

  /** Number, user or conference to call. */
  @property() target = '';
  /** Answer incoming calls at once. */
  @property({ type: Boolean, attribute: 'auto-answer' }) autoAnswer = false;
  /** Call again when the call is lost (`dialog-lost`, `media-timeout`): `autoRedial: true` for the connector. */
  @property({ type: Boolean, attribute: 'auto-redial' }) autoRedial = false;
  /** Where shared content goes when someone presents: `side-by-side` (default) or `content-first` (camera small). */
  @property() layout: 'side-by-side' | 'content-first' = 'side-by-side';
  /** What to capture when no `mediaStream` is given: `video` (camera + microphone) or `audio`. */
  @property() media: 'video' | 'audio' = 'video';
  /** The call state, reflected for styling (read-only). */
  @property({ reflect: true }) state: CallState = 'idle';
  /** Where the call stands in the conference, reflected for styling: `purgatory`, `in-room` … (read-only). */
  @property({ reflect: true, attribute: 'room-status' }) roomStatus: RoomStatus = 'idle';
  /** `participant` or `spectator`, reflected for styling (read-only; not `role`, which is ARIA's). */
  @property({ reflect: true, attribute: 'participant-role' }) participantRole: 'participant' | 'spectator' =
    'participant';
  /** What the status line says, reflected for styling: `waiting-room`, `in-room`, `spectator`, `reconnecting` … (read-only). */
  @property({ reflect: true }) phase: CallPhase = 'idle';
  /** Reflected when the microphone is off (read-only). */
  @property({ type: Boolean, reflect: true }) muted = false;
  /** Reflected when the camera is off (read-only). */
  @property({ type: Boolean, reflect: true, attribute: 'camera-off' }) cameraOff = false;
  /** Reflected while the call is kept through a lost connection or missing media (`callReconnecting`; read-only). */
  @property({ type: Boolean, reflect: true }) reconnecting = false;
  /** Reflected while the browser blocks sound until "Enable sound" is clicked (read-only). */
  @property({ type: Boolean, reflect: true, attribute: 'audio-blocked' }) audioBlocked = false;
  /** The call's quality during a call, reflected for styling: `excellent`, `good`, `poor`, `lost` (read-only; none outside a call). */
  @property({ reflect: true }) quality?: Quality;
  /** Show the call's quality in words in the stage's corner (the badge of `<vinteo-stats>`). */
  @property({ type: Boolean, attribute: 'show-quality' }) showQuality = false;
  /** Local media to send; when unset the element captures camera/microphone itself (and stops it after the call). */
  get mediaStream(): MediaStream | undefined {
    return this.#mediaStream;
  }
  set mediaStream(value: MediaStream | undefined) {
    this.#mediaStream = value;
  }
  /** Replaceable capture function (tests, custom device choice); unset, the connector captures with the chosen devices. */
  get getUserMedia(): ((constraints: MediaStreamConstraints) => Promise<MediaStream>) | undefined {
    return this.#getUserMedia;
  }
  set getUserMedia(value: ((constraints: MediaStreamConstraints) => Promise<MediaStream>) | undefined) {
    this.#getUserMedia = value;
  }

  /** True while a lost call is being called again (`auto-redial`); the hang-up button then stops it (read-only). */
  get redialling(): boolean {
    return this.#recovery.redialling;
  }

  constructor() {
    super();
    for (const name of ['mediaStream', 'getUserMedia'] as const) upgradeProperty(this as VinteoCallElement, name);
  }

  protected override connectorEvents(): ConnectorHandlers {
    return {
      ...this.#conference.handlers(),
      ...this.#recovery.handlers(),
      'call:state': ({ state, previous }) => this.#onState(state, previous),
      'incoming-call:ringing': ({ caller }) => this.#onRinging(caller),
      'call:ended': (p) => this.#onEnded(p.originator, p.cause, p.statusCode),
      'call:failed': (p) => this.#onEnded(p.originator, p.cause, p.statusCode, p.error),
      error: ({ error }) => this.#onConnectorError(error),
    };
  }

  protected override onConnectorChange(connector: VinteoConnectorApi | undefined): void {
    if (!connector) this.#speaker.sync(undefined, undefined);
  }

  /** The reflected attributes and the videos follow the session snapshot (DESIGN.md §7 "elements select"). */
  protected override selectSnapshot(snapshot: SessionSnapshot): CallView {
    return callView(snapshot);
  }
  protected override onSnapshotView(view: unknown): void {
    this.#status.view = (view as CallView | undefined) ?? IDLE_VIEW;
    const { state, reconnecting, roomStatus, participantRole, muted, cameraOff } = this.#status.view;
    Object.assign(this, { state, reconnecting, roomStatus, participantRole, muted, cameraOff });
    this.phase = this.#status.status().phase;
    this.#quality.sync();
    this.#stage.sync(state);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.checkChoice(changed, 'media', 'media', MEDIA_KINDS, 'video');
    this.checkChoice(changed, 'layout', 'layout', LAYOUTS, 'side-by-side');
  }

  protected override updated(): void {
    const connector = this.connector;
    const content = connector?.remoteStreamsView.content;
    this.#remoteStream = streamOf(
      connector ? mainTracks(connector.remoteTracks, connector.remoteStreamsView) : [],
      this.#remoteStream,
    );
    void play(this.localVideo, connector?.localStream ?? this.#own.stream);
    void play(this.remoteVideo, this.#remoteStream).then((ok) => this.#setAudioBlocked(!ok));
    void play(this.contentVideo, content);
    this.#speaker.sync(this.isConnected ? connector?.devices : undefined, this.remoteVideo);
  }

  #onState(state: CallState, previous: CallState): void {
    if (state === 'calling' || state === 'ringing') this.#errors.clear();
    this.dispatchEvent(new VinteoCallStateChangeEvent({ state, previous }));
  }

  #onRinging(caller: CallerInfo): void {
    const { headers: _headers, ...visible } = caller;
    this.dispatchEvent(new VinteoIncomingCallEvent({ caller: visible }));
    if (this.autoAnswer) void this.answer();
  }

  #onEnded(originator: CallOriginator, cause: CallEndCause, statusCode?: number, error?: VinteoError): void {
    this.#conference.reset();
    this.#setAudioBlocked(false);
    const dropped = originator === 'system' && cause === 'connection-error';
    this.#status.say(translate(this, dropped ? 'lost.connection-error' : 'ended'), 'idle');
    this.dispatchEvent(
      new VinteoCallEndedEvent(statusCode === undefined ? { originator, cause } : { originator, cause, statusCode }),
    );
    const outcome = this.#recovery.ended(cause);
    if (outcome !== 'redial') this.#own.release();
    if (!outcome && error && originator !== 'local') this.fail(error.code, error.message);
  }

  /** Removed for good (not moved) during a call on media it captured itself: hang up, release the camera. */
  protected override onConnectorRelease(connector: VinteoConnectorApi): void {
    if (!this.#own.stream) return;
    if (connector.callState !== 'idle' && connector.callState !== 'ringing')
      void connector.hangUp().catch(() => undefined);
    this.#own.release();
  }

  /** The call's errors that come only as `error` (a spectator session that failed); a lost call came as its end. */
  #onConnectorError(error: VinteoError): void {
    if (LOST.has(error.code) || CONNECTION_ERROR_CODES.has(error.code)) return;
    this.fail(error.code, error.message);
  }

  /** Shown in the error panel under the stage and fired as `vinteo-error`, once per failure. */
  protected override fail(code: ElementErrorCode, message: string): void {
    this.#errors.report(code, message);
  }

  #setAudioBlocked(blocked: boolean): void {
    if (blocked === this.audioBlocked) return;
    this.audioBlocked = blocked;
    if (!blocked) return;
    this.#status.say(translate(this, 'state.audio-blocked'), 'phase');
    this.dispatchEvent(new VinteoAudioBlockedEvent());
  }

  #require(): VinteoConnectorApi | undefined {
    const connector = this.connector;
    if (!connector) this.fail('not-connected', translate(this, 'notConnected'));
    return connector;
  }

  async #localMedia(): Promise<MediaStream | undefined> {
    if (this.mediaStream) return this.mediaStream;
    const wanted = { audio: true, video: this.media !== 'audio' };
    const capture = captureWith(this.connector?.devices, this.#getUserMedia, wanted);
    return this.#own.capture(capture).catch((error: unknown) => {
      this.fail(captureErrorCode(error), error instanceof Error ? error.message : String(error));
      return undefined;
    });
  }

  #failWith(error: unknown): void {
    if (this.connector?.callState === 'idle') this.#own.release();
    const { code, message } = toVinteoError(error);
    this.fail(code, message);
  }

  /** Calls `target` (or the given number) with `mediaStream` or captured media. */
  async call(target = this.target): Promise<void> {
    const connector = this.#require();
    if (!connector) return;
    if (!target.trim()) return this.fail('invalid-argument', translate(this, 'noTarget'));
    const mediaStream = await this.#localMedia();
    const options = this.autoRedial ? { mediaStream, autoRedial: true } : { mediaStream };
    if (mediaStream) await connector.startCall(target.trim(), options).catch((e) => this.#failWith(e));
  }

  /** Answers the ringing call with `mediaStream` (or captured media). */
  async answer(): Promise<void> {
    const connector = this.#require();
    const mediaStream = connector && (await this.#localMedia());
    if (connector && mediaStream) await connector.answer({ mediaStream }).catch((e) => this.#failWith(e));
  }

  /** Declines the ringing call (487). */
  async decline(): Promise<void> {
    await this.#require()
      ?.decline()
      .catch((e) => this.#failWith(e));
  }

  /** Ends the call: CANCEL while calling, BYE once answered; stops calling a lost call again (`auto-redial`). */
  async hangUp(): Promise<void> {
    const connector = this.#require();
    const onlyRedial = connector?.callState === 'idle' && this.#recovery.cancelRedial();
    await connector?.hangUp().catch((e) => onlyRedial || this.#failWith(e));
  }

  /** Turns the microphone off or on. */
  toggleMic(): void {
    const connector = this.#require();
    this.#conference.userSwitched('mic');
    connector?.setMicEnabled(!connector.micEnabled);
  }

  /** Turns the camera off or on. */
  toggleCamera(): void {
    const connector = this.#require();
    this.#conference.userSwitched('camera');
    connector?.setCameraEnabled(!connector.cameraEnabled);
  }

  /** Starts playback after a user gesture when the browser blocked it (what "Enable sound" does). */
  async enableSound(): Promise<void> {
    const ok = await play(this.remoteVideo, this.#remoteStream);
    this.#setAudioBlocked(!ok);
    if (ok) this.#status.clearNote();
  }

  override render() {
    const locks = this.#conference.locks();
    const hasVideo = Boolean(this.connector?.remoteTracks.some((t) => t.kind === 'video'));
    const audioOnly = locks.camera === 'why.audioLicence';
    const local = this.connector?.localStream ?? this.#own.stream;
    const selfView = Boolean(local?.getVideoTracks().length) && !this.cameraOff && !locks.camera;
    return html`
      <div part="stage-frame" @fullscreenchange=${() => this.#stage.onFullscreenChange()}>
        ${renderStage(this, {
          badge: this.#quality.renderBadge(),
          corner: this.#stage.renderCorner(hasVideo),
          selfView,
          placeholder: translate(this, audioOnly ? 'audioOnly' : 'noVideo'),
        })}
      </div>
      ${this.#errors.render()} ${this.#status.render()} ${this.#conference.renderRoom()} ${renderIncoming(this)}
      ${this.#conference.renderRequests((part, label, onClick) => button(this, part, label, onClick))}
      ${renderControls(this, locks)}
    `;
  }
}
