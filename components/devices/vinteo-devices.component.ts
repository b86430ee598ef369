import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { toVinteoError, VinteoError } from '../../src/errors.js';
import type { DeviceEntry, DeviceKind, DevicesApi } from '../../src/media/device-types.js';
import type { CallState, SessionSnapshot, VinteoConnectorApi } from '../../src/types.js';
import { ConnectedElement } from '../base/connected-element.js';
import { play, streamOf } from '../call/media.js';
import type { ConnectorHandlers } from '../controllers/connector-controller.js';
import { VinteoDeviceChangeEvent } from '../events/device-change.js';
import { VinteoErrorEvent, type ElementErrorCode } from '../events/error.js';
import { translate, type StringKey } from '../i18n.js';
import { allowed, denied, deviceIdOf, entriesOf, type DeviceProblem, problemText } from './device-view.js';
import {
  renderAction,
  renderMeter,
  renderProblem,
  renderSelect,
  renderStage,
  type SelectView,
} from './devices-render.js';
import { LevelMeter } from './level-meter.js';
import { PreviewMedia, type PreviewWants } from './preview-media.js';
import { devicesStyles } from './vinteo-devices.styles.js';

const KINDS: DeviceKind[] = ['camera', 'microphone', 'speaker'];
const IN_CALL = new Set(['calling', 'answering', 'active', 'ending']);
const HIDE_KEYS = ['hideCamera', 'hideMicrophone', 'hidePreview', 'hideMeter'];

/**
 * Choose the camera, microphone and speaker, before and during a call: three labelled selects, a camera preview
 * and a live microphone level. Before a call the element captures its preview through `connector.devices.capture`
 * (and stops it when it leaves the page or a call starts); during a call it shows the call's own camera and level,
 * and a new choice is switched into the call. Works inside `<vinteo-connector>` or with its `connector` property set.
 *
 * @tagname vinteo-devices
 * @summary Pick the camera, microphone and speaker, with a preview and a level meter.
 * @event {VinteoDeviceChangeEvent} vinteo-device-change - `{kind, deviceId}` once a chosen camera, microphone or speaker is in use.
 * @event {VinteoErrorEvent} vinteo-error - `{code, message}`: `media-permission` (blocked), `device-busy`, `device-not-found`, `not-supported`, `media`.
 * @csspart base - The whole element (a labelled group).
 * @csspart stage - The preview area.
 * @csspart preview - The camera preview `<video>` (the call's camera during a call).
 * @csspart placeholder - The text shown instead of the preview ("No camera found" …); `data-state` = `no-camera`, `blocked` or `off`.
 * @csspart fields - The column with the selects, the meter and the buttons.
 * @csspart field - One label + select; also `camera-field`, `microphone-field`, `speaker-field`.
 * @csspart camera-field - The camera label + select.
 * @csspart microphone-field - The microphone label + select.
 * @csspart speaker-field - The speaker label + select.
 * @csspart label - The label of a select or of the meter.
 * @csspart select - Every `<select>`; also `camera-select`, `microphone-select`, `speaker-select`.
 * @csspart camera-select - The camera `<select>`.
 * @csspart microphone-select - The microphone `<select>`.
 * @csspart speaker-select - The speaker `<select>`.
 * @csspart reason - Why the speaker cannot be chosen (browsers without `setSinkId`).
 * @csspart meter - The microphone level (`role="meter"`, `aria-valuenow` 0–100).
 * @csspart meter-field - The label, meter and level of the microphone together.
 * @csspart meter-bar - The filled part of the meter.
 * @csspart meter-value - The level as text.
 * @csspart button - Every button; also `allow-button` and `retry-button`.
 * @csspart allow-button - Asks for the camera and microphone ("Allow").
 * @csspart retry-button - Tries again after a device problem.
 * @csspart hint - The line next to the "Allow" button.
 * @csspart error - The live region (`role="alert"`) with a device problem and what to do; inside `error-message` and `error-help`.
 * @csspart error-message - What went wrong with the devices.
 * @csspart error-help - What to do about it.
 * @csspart notice - The polite live region for a device that went away mid-call.
 * @cssproperty --vinteo-font - Font family.
 * @cssproperty --vinteo-color - Text colour.
 * @cssproperty --vinteo-accent - Button colour and the meter's fill.
 * @cssproperty --vinteo-danger - Colour of the problem line.
 * @cssproperty --vinteo-radius - Corner radius.
 * @cssproperty --vinteo-stage-background - Background behind the preview.
 * @cssproperty --vinteo-field-background - Background of the selects.
 * @cssproperty --vinteo-border - Border colour of the selects and the meter.
 * @cssproperty --vinteo-meter-color - Fill of the level meter (default: the accent).
 * @cssproperty --vinteo-focus - Focus ring colour.
 */
export class VinteoDevicesElement extends ConnectedElement {
  static override styles = devicesStyles;

  #preview = new PreviewMedia(
    (error) => this.#show(error, false),
    () => this.#sync(),
  );
  #meter = new LevelMeter((level) => {
    this.level = level;
  });
  #previewStream?: MediaStream;
  /** The id being switched to, per kind (shown as chosen until the switch is done). */
  #pending: Partial<Record<DeviceKind, string>> = {};

  @query('[part~="preview"]') private previewVideo?: HTMLVideoElement;
  @state() private level = 0;
  @state() private problem?: DeviceProblem;
  @state() private notice = '';
  /** The devices were listed at least once (so an empty list means "none"). */
  @state() private listed = false;

  /** Hide the camera select and the preview (the camera is not captured). */
  @property({ type: Boolean, attribute: 'hide-camera' }) hideCamera = false;
  /** Hide the microphone select and the level meter (the microphone is not captured). */
  @property({ type: Boolean, attribute: 'hide-microphone' }) hideMicrophone = false;
  /** Hide the speaker select. */
  @property({ type: Boolean, attribute: 'hide-speaker' }) hideSpeaker = false;
  /** Hide the camera preview (the camera select stays). */
  @property({ type: Boolean, attribute: 'hide-preview' }) hidePreview = false;
  /** Hide the microphone level meter (the microphone select stays). */
  @property({ type: Boolean, attribute: 'hide-meter' }) hideMeter = false;

  constructor() {
    super();
    // A meter started before any user gesture may have a suspended audio context: the first touch resumes it.
    this.addEventListener('pointerdown', () => this.#meter.resume());
  }

  protected override connectorEvents(): ConnectorHandlers {
    return {
      'devices:changed': () => this.#sync(),
      'devices:fallback': ({ kind }) => {
        this.notice = this.#t(`devices.fallback.${kind}`);
      },
      'devices:error': ({ error }) => this.#show(error, false),
      'call:local-stream-changed': () => this.#sync(),
    };
  }

  /** The preview gives way to the call's own media while there is a call: follow the call state. */
  protected override selectSnapshot(snapshot: SessionSnapshot): CallState {
    return snapshot.call;
  }

  protected override onSnapshotView(): void {
    this.#sync();
  }

  protected override onConnectorChange(connector: VinteoConnectorApi | undefined): void {
    this.#release();
    this.listed = false;
    this.problem = undefined;
    if (connector) void this.#list(connector);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this.#sync);
    this.#sync();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.#sync);
    this.#meter.stop();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (HIDE_KEYS.some((key) => changed.has(key as keyof VinteoDevicesElement)) && this.#preview.stream) {
      this.#preview.release();
      queueMicrotask(this.#sync);
    }
  }

  protected override updated(): void {
    const video = this.#shownStream()?.getVideoTracks() ?? [];
    this.#previewStream = streamOf(video, this.#previewStream);
    void play(this.previewVideo, this.#previewStream);
  }

  get #devices(): DevicesApi | undefined {
    return this.connector?.devices;
  }

  #t(key: StringKey, values?: Record<string, string>): string {
    return translate(this, key, values);
  }

  #inCall(): boolean {
    return IN_CALL.has(this.connector?.callState ?? 'idle');
  }

  /** The stream shown and measured: the call's during a call, else our preview. */
  #shownStream(): MediaStream | undefined {
    return this.#inCall() ? this.connector?.localStream : this.#preview.stream;
  }

  #blocked(devices: DevicesApi | undefined): boolean {
    return this.problem?.code === 'media-permission' || denied(devices);
  }

  /** What to capture: the shown kinds the browser has (a missing camera would fail the microphone too). */
  #wants(devices: DevicesApi): PreviewWants {
    const has = (list: DeviceEntry[]) => !this.listed || list.length > 0;
    const shown = (!this.hideCamera && !this.hidePreview) || (!this.hideMicrophone && !this.hideMeter);
    return {
      camera: !this.hideCamera && has(devices.cameras),
      microphone: !this.hideMicrophone && has(devices.microphones),
      shown,
    };
  }

  async #list(connector: VinteoConnectorApi): Promise<void> {
    const devices = connector.devices;
    if (!devices) return this.#show(new VinteoError('not-supported', 'This connector has no devices'), false);
    await devices.refresh().catch((error: unknown) => this.#show(error, false));
    if (this.connector !== connector) return;
    this.listed = true;
    this.#sync();
  }

  /** Keeps the preview and the meter in line with the call, the choices and the page's visibility. */
  #sync = (): void => {
    const devices = this.#devices;
    if (this.#inCall()) this.#preview.release();
    else if (devices && this.isConnected && this.listed)
      this.#preview.keep(devices, this.#wants(devices), allowed(devices));
    const measured =
      !this.hideMicrophone && !this.hideMeter && this.isConnected && document.visibilityState !== 'hidden';
    this.#meter.attach(measured ? this.#shownStream()?.getAudioTracks()[0] : undefined);
    this.requestUpdate();
  };

  /** Captures the preview now (the "Allow" and "Try again" buttons). */
  #retry(): void {
    const devices = this.#devices;
    this.#meter.resume();
    this.problem = undefined;
    if (devices && !this.#inCall()) void this.#preview.start(devices, this.#wants(devices));
  }

  async #choose(kind: DeviceKind, deviceId: string): Promise<void> {
    const devices = this.#devices;
    if (!devices) return;
    this.problem = undefined;
    this.#pending = { ...this.#pending, [kind]: deviceId };
    try {
      await (kind === 'camera'
        ? devices.selectCamera(deviceId)
        : kind === 'microphone'
          ? devices.selectMicrophone(deviceId)
          : devices.selectSpeaker(deviceId));
      this.dispatchEvent(new VinteoDeviceChangeEvent({ kind, deviceId }));
      if (kind !== 'speaker' && !this.#inCall()) await this.#preview.recapture(devices, kind);
    } catch (error) {
      this.#show(error, true);
    } finally {
      delete this.#pending[kind];
    }
    this.#sync();
  }

  /** Shows a device failure in words with the next step, and fires `vinteo-error`. */
  #show(error: unknown, chosen: boolean): void {
    const typed = toVinteoError(error, 'media');
    const kind = (typed as { kind?: DeviceKind }).kind;
    this.problem = kind ? { code: typed.code, kind, chosen } : { code: typed.code, chosen };
    const { message, help } = problemText(this.problem, (key, values) => this.#t(key, values), !this.#inCall());
    this.dispatchEvent(
      new VinteoErrorEvent({ code: typed.code as ElementErrorCode, message: help ? `${message} ${help}` : message }),
    );
  }

  #release(): void {
    this.#meter.stop();
    this.#preview.reset();
    this.#pending = {};
  }

  #selectView(devices: DevicesApi, kind: DeviceKind): SelectView {
    const stream = this.#shownStream();
    const track =
      kind === 'camera' ? stream?.getVideoTracks()[0] : kind === 'microphone' ? stream?.getAudioTracks()[0] : undefined;
    return {
      kind,
      entries: entriesOf(devices, kind),
      chosen: this.#pending[kind] ?? deviceIdOf(track),
      preferred: devices.preferred,
      unsupported: kind === 'speaker' && !devices.speakerSelectionSupported,
      onChange: (deviceId) => void this.#choose(kind, deviceId),
    };
  }

  #hidden(kind: DeviceKind): boolean {
    return kind === 'camera' ? this.hideCamera : kind === 'microphone' ? this.hideMicrophone : this.hideSpeaker;
  }

  /** "Try again" after a failure; "Allow camera and microphone" while the browser has not been asked. */
  #renderActions(devices: DevicesApi) {
    if (this.#inCall() || this.#preview.capturing) return nothing;
    const failed = (this.problem && this.problem.code !== 'not-supported') || this.#blocked(devices);
    const { camera, microphone } = this.#wants(devices);
    const allow: StringKey = !camera
      ? 'devices.allowMicrophone'
      : !microphone
        ? 'devices.allowCamera'
        : 'devices.allow';
    const action = failed ? 'retry' : !this.problem && this.listed && !allowed(devices) ? allow : undefined;
    return renderAction(
      action,
      () => this.#retry(),
      (key) => this.#t(key),
    );
  }

  override render() {
    const devices = this.#devices;
    const t = (key: StringKey, values?: Record<string, string>) => this.#t(key, values);
    const noCamera = this.listed && devices?.cameras.length === 0;
    const stage =
      this.hideCamera || this.hidePreview
        ? nothing
        : renderStage(
            this.#shownStream()?.getVideoTracks().length
              ? 'video'
              : noCamera
                ? 'no-camera'
                : this.#blocked(devices)
                  ? 'blocked'
                  : 'off',
            t,
          );
    const problem = this.problem ?? (this.#blocked(devices) ? { code: 'media-permission', chosen: false } : undefined);
    return html`
      <div part="base" role="group" aria-label=${t('devices')}>
        ${stage}
        <div part="fields">
          ${renderProblem(problem && problemText(problem, t, !this.#inCall()))}
          ${devices ? this.#renderActions(devices) : nothing}
          ${devices ? KINDS.filter((kind) => !this.#hidden(kind)).map((kind) => renderSelect(this.#selectView(devices, kind), t)) : nothing}
          ${this.#meter.track ? renderMeter(this.level, t) : nothing}
        </div>
        <p part="notice" role="status" aria-live="polite">${this.notice}</p>
      </div>
    `;
  }
}
