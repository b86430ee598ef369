import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { toVinteoError } from '../../src/errors.js';
import type { CallState, SessionSnapshot } from '../../src/types.js';
import type { PresentationOptions, PresentationState, PresentationStopReason } from '../../src/presentation/types.js';
import { ConnectedElement } from '../base/connected-element.js';
import { upgradeProperty } from '../base/upgrade-property.js';
import { play } from '../call/media.js';
import type { ConnectorHandlers } from '../controllers/connector-controller.js';
import type { ElementErrorCode } from '../events/error.js';
import { VinteoPresentationErrorEvent } from '../events/presentation-error.js';
import { VinteoPresentationStartEvent } from '../events/presentation-start.js';
import { VinteoPresentationStopEvent } from '../events/presentation-stop.js';
import { translate, type StringKey } from '../i18n.js';
import { presentationStyles } from './vinteo-presentation.styles.js';

const HINTS = ['detail', 'text', 'motion'];
interface PresentationView {
  call: CallState;
  presentation: PresentationState;
  /** The remote content stream's id (the video re-renders when it changes). */
  content?: string;
}
const positive = (value: number | undefined): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value > 0;

/**
 * Screen sharing for the current call: a share/stop button with its state, a preview of what you share, and the
 * content others share. Works inside `<vinteo-connector>` or with its `connector` property set.
 *
 * @tagname vinteo-presentation
 * @summary Share your screen and see what others share.
 * @event {VinteoPresentationStartEvent} vinteo-presentation-start - `{track}` once sharing has started.
 * @event {VinteoPresentationStopEvent} vinteo-presentation-stop - `{reason}`: `local`, `track-ended`, `server`, `spectator`, `call-ended` …
 * @event {VinteoPresentationErrorEvent} vinteo-presentation-error - `{code, message, reason?}`: refused, screen picker cancelled, renegotiation failed.
 * @event {VinteoErrorEvent} vinteo-error - `{code, message}` for the same failures, like every element.
 * @csspart toolbar - The row with the button and the status.
 * @csspart button - The share / stop button; also `share-button` or `stop-button`.
 * @csspart share-button - The "Share screen" button.
 * @csspart stop-button - The "Stop sharing" button, while sharing.
 * @csspart status - The live status line (a polite live region).
 * @csspart preview - The `<video>` previewing what you share.
 * @csspart content - The `<video>` showing what another participant shares.
 * @csspart error - The error line.
 * @cssproperty --vinteo-font - Font family.
 * @cssproperty --vinteo-accent - Button colour.
 * @cssproperty --vinteo-danger - Stop button and error colour.
 * @cssproperty --vinteo-radius - Corner radius.
 * @cssproperty --vinteo-stage-background - Background behind the videos.
 * @cssproperty --vinteo-focus - Focus ring colour.
 */
export class VinteoPresentationElement extends ConnectedElement {
  static override styles = presentationStyles;

  /** A page-supplied screen picker; without one the connector opens the browser's. */
  #getDisplayMedia?: (options: DisplayMediaStreamOptions) => Promise<MediaStream>;
  /** The code of the failure the connector already reported for the current start (not shown twice). */
  #reported?: string;

  @query('[part="preview"]') private previewVideo?: HTMLVideoElement;
  @query('[part="content"]') private contentVideo?: HTMLVideoElement;
  @state() private announcement = '';

  /** How the browser should encode the shared screen: `detail` (default, sharp text), `text` or `motion`. */
  @property({ attribute: 'content-hint' }) contentHint: 'detail' | 'text' | 'motion' = 'detail';
  /** Cap of the shared stream in bit/s (default 1 000 000). */
  @property({ type: Number, attribute: 'max-bitrate' }) maxBitrate?: number;
  /** Largest width and height sent; the picture is scaled down to fit (both needed). */
  @property({ type: Number, attribute: 'max-width' }) maxWidth?: number;
  /** Largest height sent, with `max-width` (the picture is scaled down to fit). */
  @property({ type: Number, attribute: 'max-height' }) maxHeight?: number;
  /** Do not show what others share (e.g. when `<vinteo-call>` shows it). */
  @property({ type: Boolean, attribute: 'hide-content' }) hideContent = false;
  /** Do not preview what you share. */
  @property({ type: Boolean, attribute: 'hide-preview' }) hidePreview = false;
  /** Our presentation state, reflected for styling (read-only). */
  @property({ reflect: true }) state: PresentationState = 'idle';
  /** Reflected while another participant's shared content is available (read-only). */
  @property({ type: Boolean, reflect: true }) receiving = false;
  /**
   * Replaceable screen picker (tests, a custom picker); unset, the connector opens the browser's. What it returns is
   * the presentation's: the connector stops it when sharing ends.
   */
  get getDisplayMedia(): ((options: DisplayMediaStreamOptions) => Promise<MediaStream>) | undefined {
    return this.#getDisplayMedia;
  }
  set getDisplayMedia(value: ((options: DisplayMediaStreamOptions) => Promise<MediaStream>) | undefined) {
    this.#getDisplayMedia = value;
  }

  constructor() {
    super();
    upgradeProperty(this as VinteoPresentationElement, 'getDisplayMedia');
  }

  protected override connectorEvents(): ConnectorHandlers {
    return {
      'presentation:started': ({ track }) => this.#onStarted(track),
      'presentation:ended': ({ reason }) => this.#onEnded(reason),
      'presentation:failed': ({ error, reason }) => this.#onFailed(error.code, error.message, reason),
    };
  }

  /** Sharing needs an active call; `state` follows our presentation, `receiving` the remote content stream. */
  protected override selectSnapshot(snapshot: SessionSnapshot): PresentationView {
    const { call, presentation, media } = snapshot;
    return { call, presentation, content: media.contentStreamId };
  }

  protected override onSnapshotView(view: unknown): void {
    this.state = (view as PresentationView | undefined)?.presentation ?? 'idle';
    this.receiving = Boolean((view as PresentationView | undefined)?.content);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.checkChoice(changed, 'contentHint', 'content-hint', HINTS, 'detail');
    this.checkPositive(changed, 'maxBitrate', 'max-bitrate', '1000000');
    const noLimit = translate(this, 'noLimit');
    this.checkPositive(changed, 'maxWidth', 'max-width', noLimit);
    this.checkPositive(changed, 'maxHeight', 'max-height', noLimit);
  }

  protected override updated(): void {
    const connector = this.connector;
    const track = connector?.presentation.track;
    void play(this.previewVideo, track ? new MediaStream([track]) : undefined);
    void play(this.contentVideo, connector?.remoteStreamsView.content);
  }

  #onStarted(track: MediaStreamTrack): void {
    this.announcement = '';
    this.dispatchEvent(new VinteoPresentationStartEvent({ track }));
  }

  #onEnded(reason: PresentationStopReason): void {
    this.announcement = translate(this, `stop.${reason}` as StringKey);
    this.dispatchEvent(new VinteoPresentationStopEvent({ reason }));
  }

  #onFailed(code: ElementErrorCode, message: string, reason?: PresentationStopReason): void {
    this.#reported = code;
    if (reason) this.announcement = translate(this, `stop.${reason}` as StringKey);
    this.fail(code, message);
    this.dispatchEvent(new VinteoPresentationErrorEvent(reason ? { code, message, reason } : { code, message }));
  }

  #options(): PresentationOptions {
    const options: PresentationOptions = {
      contentHint: HINTS.includes(this.contentHint) ? this.contentHint : 'detail',
    };
    if (positive(this.maxBitrate)) options.maxBitrate = this.maxBitrate;
    if (positive(this.maxWidth) && positive(this.maxHeight))
      options.maxResolution = { width: this.maxWidth, height: this.maxHeight };
    if (this.#getDisplayMedia) options.source = this.#getDisplayMedia;
    return options;
  }

  /** Shares `track`, or asks the browser for a screen, window or tab. */
  async share(track?: MediaStreamTrack): Promise<void> {
    const connector = this.connector;
    if (!connector) return this.fail('not-connected', translate(this, 'notConnected'));
    this.errorMessage = '';
    this.#reported = undefined;
    await connector.startPresentation(track, this.#options()).catch((error: unknown) => this.#afterStartError(error));
  }

  /** A start that failed before the connector reported it (e.g. `invalid-state`) still shows its error. */
  #afterStartError(error: unknown): void {
    const { code, message } = toVinteoError(error);
    if (this.#reported !== code) this.#onFailed(code, message);
  }

  /** Stops sharing. */
  async stop(): Promise<void> {
    await this.connector?.stopPresentation().catch((error: unknown) => {
      const { code, message } = toVinteoError(error);
      this.fail(code, message);
    });
  }

  override render() {
    const sharing = this.state !== 'idle';
    const inCall = this.connector?.callState === 'active';
    const label: StringKey = sharing ? 'stopShare' : 'share';
    return html`
      <div part="toolbar" role="group" aria-label=${translate(this, 'presentation')}>
        <button part="button ${sharing ? 'stop-button' : 'share-button'}" type="button" ?disabled=${!inCall || this.state === 'stopping'}
          @click=${() => void (sharing ? this.stop() : this.share())}>${translate(this, label)}</button>
        <p part="status" role="status" aria-live="polite">${this.announcement || translate(this, `presentation.${this.state}`)}</p>
      </div>
      ${sharing && !this.hidePreview ? html`<video part="preview" playsinline autoplay muted aria-label=${translate(this, 'sharePreview')}></video>` : nothing}
      ${this.receiving && !this.hideContent ? html`<video part="content" playsinline autoplay muted aria-label=${translate(this, 'sharedContent')}></video>` : nothing}
      ${this.renderError()}
    `;
  }
}
