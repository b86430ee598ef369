/**
 * The error panel of `<vinteo-call>`, right under the stage: what went wrong in the user's words with the next step
 * (a message per error code, English and Russian), the technical detail, and "Retry" where trying again can help.
 * One failure is one `vinteo-error`: the same error reported twice (a refused call's `call:failed` and its
 * rejected `startCall()`) is shown and fired once.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { VinteoErrorCode } from '../../src/errors.js';
import { VinteoErrorEvent, type ElementErrorCode } from '../events/error.js';
import { translate, type StringKey } from '../i18n.js';
import { button } from './call-controls.js';
import { icons } from './icons.js';

/** Codes after which pressing "Retry" (calling again) can work. */
const RETRY = new Set<ElementErrorCode>([
  'media-permission',
  'device-busy',
  'device-not-found',
  'media',
  'network',
  'connect-timeout',
  'request-timeout',
  'not-connected',
  'busy',
  'internal',
]);

const BROWSER_ERRORS: Record<string, VinteoErrorCode> = {
  NotAllowedError: 'media-permission',
  SecurityError: 'media-permission',
  NotReadableError: 'device-busy',
  AbortError: 'device-busy',
  NotFoundError: 'device-not-found',
  OverconstrainedError: 'device-not-found',
};

/** The code of a capture failure: a VinteoError's own, else the browser's DOMException name mapped. */
export function captureErrorCode(error: unknown): ElementErrorCode {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string')
    return error.code as ElementErrorCode;
  const name = error instanceof Error ? error.name : '';
  return BROWSER_ERRORS[name] ?? 'media-permission';
}

/** The user-facing text (with its next step) of a code. */
export function errorText(host: Element, code: ElementErrorCode): string {
  return translate(host, `err.${code}` as StringKey) ?? '';
}

export interface ShownError {
  code: ElementErrorCode;
  message: string;
}

export class ErrorUi {
  shown?: ShownError;
  #host: HTMLElement & { requestUpdate(): void };
  #retry: () => void;

  constructor(host: HTMLElement & { requestUpdate(): void }, retry: () => void) {
    this.#host = host;
    this.#retry = retry;
  }

  /** Shows the error and fires `vinteo-error`, unless this very error is the one already shown. */
  report(code: ElementErrorCode, message: string): void {
    if (this.shown?.code === code && this.shown.message === message) return;
    this.shown = { code, message };
    this.#host.requestUpdate();
    this.#host.dispatchEvent(new VinteoErrorEvent({ code, message }));
  }

  clear(): void {
    if (!this.shown) return;
    this.shown = undefined;
    this.#host.requestUpdate();
  }

  render(): TemplateResult | typeof nothing {
    const shown = this.shown;
    if (!shown) return nothing;
    const host = this.#host;
    const text = errorText(host, shown.code);
    const detail = shown.message && shown.message !== text ? shown.message : '';
    const retry = RETRY.has(shown.code)
      ? button(host, 'retry-button', 'retry', () => this.#retried(), { icon: icons.retry })
      : nothing;
    return html`<div part="error" role="alert" data-code=${shown.code}>
      <div part="error-body"><p part="error-text">${text}</p>${detail ? html`<p part="error-detail">${detail}</p>` : nothing}</div>
      ${retry} ${button(host, 'dismiss-button', 'dismiss', () => this.clear())}
    </div>`;
  }

  #retried(): void {
    this.clear();
    this.#retry();
  }
}
