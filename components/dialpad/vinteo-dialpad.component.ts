import { LitElement, css, html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { toVinteoError } from '../../src/errors.js';
import type { VinteoConnectorApi } from '../../src/types.js';
import { ConnectorController } from '../controllers/connector-controller.js';
import { dtmf, vinteoError } from '../events/events.js';
import { translate } from '../i18n.js';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];
const EXTRA = ['A', 'B', 'C', 'D'];

/**
 * A DTMF keypad for the current call; also takes digit keys from the keyboard while focused.
 *
 * @tagname vinteo-dialpad
 * @summary Sends DTMF tones through the connector.
 * @event vinteo-dtmf - `{tone, originator: 'local'}` for every tone sent.
 * @event vinteo-error - `{code, message}` when a tone could not be sent.
 * @csspart pad - The key grid.
 * @csspart key - Every key button.
 * @cssproperty --vinteo-accent - Key colour.
 * @cssproperty --vinteo-radius - Corner radius.
 */
export class VinteoDialpadElement extends LitElement {
  static override styles = css`
    :host { display: inline-block; font-family: var(--vinteo-font, system-ui, sans-serif); }
    [part='pad'] { display: grid; grid-template-columns: repeat(var(--_columns, 3), 3em); gap: 0.4em; }
    button {
      font: inherit; font-size: 1.1em; height: 2.6em; border: 0; cursor: pointer; color: #fff;
      border-radius: var(--vinteo-radius, 10px); background: var(--vinteo-accent, #1f6feb);
    }
    button[disabled] { opacity: 0.45; cursor: not-allowed; }
    button:focus-visible { outline: 3px solid var(--vinteo-focus, #ffbf47); outline-offset: 2px; }
  `;

  #controller = new ConnectorController(this, { 'call:state': () => undefined });
  #queue: Promise<void> = Promise.resolve();
  @state() private busy = false;

  /** `info` (SIP INFO application/dtmf-relay, default) or `rfc4733` (RTP telephone-events). */
  @property({ attribute: 'dtmf-mode' }) dtmfMode: 'info' | 'rfc4733' = 'info';
  /** Also show the A–D keys. */
  @property({ type: Boolean, attribute: 'extended' }) extended = false;

  get connector(): VinteoConnectorApi | undefined {
    return this.#controller.connector;
  }

  set connector(value: VinteoConnectorApi | undefined) {
    this.#controller.setExplicit(value);
  }

  /** Sends one or more tones; keys pressed quickly are sent in order. */
  press(tones: string): Promise<void> {
    this.#queue = this.#queue.then(() => this.#send(tones));
    return this.#queue;
  }

  async #send(tones: string): Promise<void> {
    const connector = this.connector;
    if (!connector || connector.callState !== 'active') return;
    const mode = this.dtmfMode === 'rfc4733' ? 'rfc4733' : 'info';
    try {
      this.busy = true;
      await connector.sendDtmf(tones, { mode });
      for (const tone of tones) this.dispatchEvent(dtmf({ tone, originator: 'local' }));
    } catch (error) {
      const { code, message } = toVinteoError(error);
      this.dispatchEvent(vinteoError({ code, message }));
    } finally {
      this.busy = false;
    }
  }

  #onKey = (event: KeyboardEvent): void => {
    const key = event.key.toUpperCase();
    if ([...KEYS, ...(this.extended ? EXTRA : [])].includes(key)) void this.press(key);
  };

  override render() {
    const keys = this.extended ? [...KEYS, ...EXTRA] : KEYS;
    const disabled = this.connector?.callState !== 'active';
    return html`<div part="pad" role="group" aria-label=${translate(this, 'dialpad')} aria-busy=${String(this.busy)} @keydown=${this.#onKey}>
      ${keys.map((key) => html`<button part="key" type="button" ?disabled=${disabled} @click=${() => void this.press(key)}>${key}</button>`)}
    </div>`;
  }
}
