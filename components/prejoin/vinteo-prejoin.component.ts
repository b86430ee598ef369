import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { CallState, SessionSnapshot } from '../../src/types.js';
import { ConnectedElement } from '../base/connected-element.js';
import type { ConnectorHandlers } from '../controllers/connector-controller.js';
import { VinteoJoinEvent } from '../events/join.js';
import { translate } from '../i18n.js';
import { prejoinStyles } from './vinteo-prejoin.styles.js';

/** What the prejoin needs of `<vinteo-connector>` and `<vinteo-call>` (no import of their classes: no cycle). */
interface ConnectorHost extends HTMLElement {
  displayName: string;
  readonly state: string;
  connect(): Promise<boolean>;
  disconnect(): Promise<void>;
}
interface CallHost extends HTMLElement {
  media: 'video' | 'audio';
  call(): Promise<void>;
}

/**
 * The step before a call: your camera's preview, your microphone's level and the device choice (a
 * `<vinteo-devices>`), your name, and "Join" (or "Join without camera"). Joining sets the name on the enclosing
 * `<vinteo-connector>` (connecting, or connecting again when the name changed) and calls with the `<vinteo-call>`
 * named by `for` (else the first one in the connector). It hides itself during the call and comes back after it.
 *
 * @tagname vinteo-prejoin
 * @summary Check camera and microphone, type your name, join.
 * @event {VinteoJoinEvent} vinteo-join - `{displayName, video}` when the user joins; cancel it to join yourself.
 * @csspart base - The whole step (a labelled region).
 * @csspart title - The heading.
 * @csspart hint - The line under the heading.
 * @csspart devices - The `<vinteo-devices>` with the preview, the level and the selects.
 * @csspart name-field - The name's label and input.
 * @csspart label - The name's label.
 * @csspart name-input - The name `<input>`.
 * @csspart actions - The buttons.
 * @csspart button - Every button; also `join-button`, `audio-button`.
 * @csspart join-button - "Join".
 * @csspart audio-button - "Join without camera".
 * @csspart error - Why joining cannot start (no name).
 * @cssproperty --vinteo-prejoin-background - Background of the step.
 * @cssproperty --vinteo-call-color - Colour of the Join button.
 */
export class VinteoPrejoinElement extends ConnectedElement {
  static override styles = prejoinStyles;

  @state() private typed?: string;
  @state() private problem = '';

  /** The name to start with (the input's first value). */
  @property({ attribute: 'display-name' }) displayName = '';
  /** The `id` of the `<vinteo-call>` to join with (default: the first one inside the enclosing connector). */
  @property({ attribute: 'for' }) for = '';
  /** Reflected while joined (the element is hidden then; read-only). */
  @property({ type: Boolean, reflect: true }) joined = false;

  /** The name in the input. */
  get name(): string {
    return (this.typed ?? this.displayName).trim();
  }

  protected override connectorEvents(): ConnectorHandlers {
    return {};
  }

  protected override selectSnapshot(snapshot: SessionSnapshot): CallState {
    return snapshot.call;
  }

  /** Back after the call. */
  protected override onSnapshotView(view: unknown): void {
    if (view === 'idle' && this.joined && !this.#joining) this.joined = false;
  }

  #joining = false;

  /** Joins with the typed name: `video: false` for "Join without camera". */
  async join(video = true): Promise<void> {
    const displayName = this.name;
    if (!displayName) {
      this.problem = translate(this, 'prejoin.noName');
      return;
    }
    this.problem = '';
    if (!this.dispatchEvent(new VinteoJoinEvent({ displayName, video }))) return;
    const host = this.closest<ConnectorHost>('vinteo-connector');
    const call = this.#callElement();
    this.#joining = true;
    this.joined = Boolean(call);
    try {
      if (host) await this.#connectAs(host, displayName);
      if (!call) return;
      call.media = video ? 'video' : 'audio';
      await call.call();
    } finally {
      this.#joining = false;
      if (!this.connector || this.connector.callState === 'idle') this.joined = false;
    }
  }

  async #connectAs(host: ConnectorHost, name: string): Promise<void> {
    const renamed = host.displayName !== name;
    host.displayName = name;
    if (host.state === 'disconnected') await host.connect();
    else if (renamed) {
      await host.disconnect();
      await host.connect();
    }
  }

  #callElement(): CallHost | null {
    if (this.for) return document.getElementById(this.for) as CallHost | null;
    return this.closest('vinteo-connector')?.querySelector<CallHost>('vinteo-call') ?? null;
  }

  #onKey(event: KeyboardEvent): void {
    if (event.key === 'Enter') void this.join();
  }

  override render() {
    const t = (key: Parameters<typeof translate>[1]) => translate(this, key);
    return html`<section part="base" aria-labelledby="title">
      <h2 part="title" id="title">${t('prejoin')}</h2>
      <p part="hint">${t('prejoin.hint')}</p>
      <vinteo-devices part="devices" .connector=${this.connector}></vinteo-devices>
      <label part="name-field"><span part="label">${t('prejoin.name')}</span>
        <input part="name-input" .value=${this.typed ?? this.displayName} autocomplete="name" maxlength="64"
          placeholder=${t('prejoin.namePlaceholder')} aria-invalid=${this.problem ? 'true' : 'false'}
          @input=${(e: Event) => (this.typed = (e.target as HTMLInputElement).value)} @keydown=${this.#onKey} />
      </label>
      ${this.problem ? html`<p part="error" role="alert">${this.problem}</p>` : nothing}
      <div part="actions">
        <button part="button join-button" type="button" @click=${() => void this.join()}>${t('prejoin.join')}</button>
        <button part="button audio-button" type="button" @click=${() => void this.join(false)}>${t('prejoin.joinAudio')}</button>
      </div>
    </section>`;
  }
}
