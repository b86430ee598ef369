import { html, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { toVinteoError } from '../../src/errors.js';
import type { CallState, SessionSnapshot } from '../../src/types.js';
import { ConnectedElement } from '../base/connected-element.js';
import type { ConnectorHandlers } from '../controllers/connector-controller.js';
import { VinteoDtmfEvent } from '../events/dtmf.js';
import { translate } from '../i18n.js';
import { dialpadStyles } from './vinteo-dialpad.styles.js';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];
const EXTENDED_KEYS = ['1', '2', '3', 'A', '4', '5', '6', 'B', '7', '8', '9', 'C', '*', '0', '#', 'D'];
const MODES = ['info', 'rfc4733'];

/**
 * A DTMF keypad for the current call. Enabled only while a call is active; while focused it also takes the
 * digit, `*` and `#` keys (and A–D with `extended`) from the keyboard.
 *
 * @tagname vinteo-dialpad
 * @summary Sends DTMF tones through the connector.
 * @event {VinteoDtmfEvent} vinteo-dtmf - `{tone, originator}`: `local` for every tone sent, `remote` for every tone the far end sent.
 * @event {VinteoErrorEvent} vinteo-error - `{code, message}` when a tone could not be sent or `dtmf-mode` is invalid.
 * @csspart pad - The key grid.
 * @csspart key - Every key button.
 * @csspart error - The error line.
 * @cssproperty --vinteo-font - Font family.
 * @cssproperty --vinteo-color - Text colour.
 * @cssproperty --vinteo-accent - Key colour.
 * @cssproperty --vinteo-danger - Error colour.
 * @cssproperty --vinteo-radius - Corner radius.
 * @cssproperty --vinteo-focus - Focus ring colour.
 */
export class VinteoDialpadElement extends ConnectedElement {
  static override styles = dialpadStyles;

  #queue: Promise<void> = Promise.resolve();

  @state() private busy = false;

  /** `info` (SIP INFO application/dtmf-relay, default) or `rfc4733` (RTP telephone-events). */
  @property({ attribute: 'dtmf-mode' }) dtmfMode: 'info' | 'rfc4733' = 'info';
  /** Also show the A–D keys. */
  @property({ type: Boolean }) extended = false;

  /** Keys are enabled only in an active call: re-render when the call state changes. */
  protected override selectSnapshot(snapshot: SessionSnapshot): CallState {
    return snapshot.call;
  }

  protected override connectorEvents(): ConnectorHandlers {
    return {
      'call:dtmf': ({ tone, originator }) =>
        originator === 'remote' && this.dispatchEvent(new VinteoDtmfEvent({ tone, originator })),
    };
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.checkChoice(changed, 'dtmfMode', 'dtmf-mode', MODES, 'info');
  }

  #keys(): string[] {
    return this.extended ? EXTENDED_KEYS : KEYS;
  }

  #onKey = (event: KeyboardEvent): void => {
    const key = event.key.toUpperCase();
    if (event.ctrlKey || event.metaKey || event.altKey || !this.#keys().includes(key)) return;
    event.preventDefault();
    void this.press(key);
  };

  async #send(tones: string): Promise<void> {
    const connector = this.connector;
    if (!tones || !connector || connector.callState !== 'active') return;
    const mode = this.dtmfMode === 'rfc4733' ? 'rfc4733' : 'info';
    this.busy = true;
    try {
      await connector.sendDtmf(tones, { mode });
      this.errorMessage = '';
      for (const tone of tones) this.dispatchEvent(new VinteoDtmfEvent({ tone, originator: 'local' }));
    } catch (error) {
      const { code, message } = toVinteoError(error);
      this.fail(code, message);
    } finally {
      this.busy = false;
    }
  }

  /** Sends one or more tones (only during an active call); presses made quickly are sent in order. */
  press(tones: string): Promise<void> {
    this.#queue = this.#queue.then(() => this.#send(tones));
    return this.#queue;
  }

  override render() {
    const disabled = this.connector?.callState !== 'active';
    return html`
      <div part="pad" role="group" ?data-extended=${this.extended} aria-label=${translate(this, 'dialpad')} aria-busy=${String(this.busy)} @keydown=${this.#onKey}>
        ${this.#keys().map((key) => html`<button part="key" type="button" ?disabled=${disabled} @click=${() => void this.press(key)}>${key}</button>`)}
      </div>
      ${this.renderError()}
    `;
  }
}
