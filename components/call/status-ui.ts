/**
 * The status line of `<vinteo-call>`: it holds the element's view of the session snapshot and the latest note, and
 * renders the one line `statusLine()` derives from them (a polite live region, `data-tone`, `data-phase`).
 */
import { html, type TemplateResult } from 'lit';
import type { VinteoConnectorApi } from '../../src/types.js';
import { translator } from '../i18n.js';
import { callStatus, statusLine, type CallStatus, type StatusNote } from './call-status.js';
import { callView, IDLE_VIEW, type CallView } from './call-view.js';

type Host = HTMLElement & { requestUpdate(): void; readonly connector: VinteoConnectorApi | undefined };

export class StatusUi {
  view: CallView = IDLE_VIEW;
  #note?: StatusNote;
  #host: Host;

  constructor(host: Host) {
    this.#host = host;
  }

  /** The phase and its text for `view` (and who calls, while ringing). */
  status(view: CallView = this.view): CallStatus {
    const caller = this.#host.connector?.incomingCaller;
    return callStatus({ ...view, caller: caller ? caller.displayName || caller.user : undefined });
  }

  /** Says `text` while `scope` lasts (`phase`: the phase it is said in, read live, never "reconnecting"). */
  say(text: string, scope: StatusNote['scope'], problem = false): void {
    const connector = this.#host.connector;
    const live = connector ? callView(connector.snapshot) : this.view;
    const phase = scope === 'phase' ? this.status({ ...live, reconnecting: false }).phase : undefined;
    this.#note = { text, scope, problem, ...(phase ? { phase } : {}) };
    this.#host.requestUpdate();
  }

  /** Back to the phase's own text. */
  clearNote(): void {
    this.#note = undefined;
    this.#host.requestUpdate();
  }

  render(): TemplateResult {
    const line = statusLine(this.status(), this.#note, translator(this.#host));
    return html`<p part="status" role="status" aria-live="polite" data-tone=${line.tone} data-phase=${line.phase}
      ?data-problem=${line.tone === 'problem'}>${line.text}</p>`;
  }
}
