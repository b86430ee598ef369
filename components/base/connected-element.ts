import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import type { SessionSnapshot } from '../../src/types.js';
import type { VinteoConnectorApi } from '../../src/types.js';
import { ConnectorController, type ConnectorHandlers } from '../controllers/connector-controller.js';
import { LangController } from '../controllers/lang-controller.js';
import { VinteoErrorEvent, type ElementErrorCode } from '../events/error.js';
import { translate } from '../i18n.js';
import { upgradeProperty } from './upgrade-property.js';

/**
 * Base of the elements that use a connector (`<vinteo-call>`, `<vinteo-dialpad>` …): the connector from the
 * enclosing `<vinteo-connector>` or the `connector` property, the connector events the element listens to,
 * the language, the error line and `vinteo-error`, and attribute checks.
 */
export abstract class ConnectedElement extends LitElement {
  @state() protected errorMessage = '';
  #controller = new ConnectorController(this, () => this.connectorEvents(), {
    onChange: (connector) => this.onConnectorChange(connector),
    onRelease: (connector) => this.onConnectorRelease(connector),
    select: (snapshot) => this.selectSnapshot(snapshot),
    onSelect: (view) => this.onSnapshotView(view),
  });
  #upgraded = false;

  constructor() {
    super();
    new LangController(this);
  }

  /** The connector: set explicitly, or taken from the enclosing `<vinteo-connector>`. */
  get connector(): VinteoConnectorApi | undefined {
    return this.#controller.connector;
  }

  set connector(value: VinteoConnectorApi | undefined) {
    this.#controller.setExplicit(value);
  }

  override connectedCallback(): void {
    // Once the subclass is fully constructed: a `connector` set before the element was defined goes through the setter.
    if (!this.#upgraded) upgradeProperty(this as ConnectedElement, 'connector');
    this.#upgraded = true;
    super.connectedCallback();
  }

  /** The connector events this element listens to (each one also re-renders it). */
  protected abstract connectorEvents(): ConnectorHandlers;

  /** The slice of the session snapshot this element shows; it re-renders when the slice changes (default: none). */
  protected selectSnapshot(_snapshot: SessionSnapshot): unknown {
    return undefined;
  }

  /** The selected slice, when a connector is bound and on every change (`undefined` when it is let go). */
  protected onSnapshotView(_view: unknown): void {}

  /** The element's connector was bound, replaced or let go. */
  protected onConnectorChange(_connector: VinteoConnectorApi | undefined): void {}

  /** The element really left the page (not moved) while holding `connector`. */
  protected onConnectorRelease(_connector: VinteoConnectorApi): void {}

  /** Shows `message` in the error line and fires `vinteo-error`. */
  protected fail(code: ElementErrorCode, message: string): void {
    this.errorMessage = message;
    this.dispatchEvent(new VinteoErrorEvent({ code, message }));
  }

  /** Reports an attribute whose value is not one of `allowed` (the element then uses `fallback`). */
  protected checkChoice(
    changed: PropertyValues,
    key: string,
    attribute: string,
    allowed: readonly string[],
    fallback: string,
  ): void {
    const value = String((this as unknown as Record<string, unknown>)[key]);
    if (changed.has(key) && !allowed.includes(value)) {
      this.fail('invalid-attribute', translate(this, 'badAttribute', { name: attribute, value, fallback }));
    }
  }

  /**
   * Reports a number attribute that is not a positive finite number (`-1`, `0`, `abc`); the element then ignores it
   * and uses `fallback`. Returns whether the current value is usable.
   */
  protected checkPositive(changed: PropertyValues, key: string, attribute: string, fallback: string): boolean {
    const value = (this as unknown as Record<string, unknown>)[key];
    if (value === undefined || value === null) return true;
    const usable = typeof value === 'number' && Number.isFinite(value) && value > 0;
    if (changed.has(key) && !usable) {
      const shown = this.getAttribute(attribute) ?? String(value);
      this.fail('invalid-attribute', translate(this, 'badAttribute', { name: attribute, value: shown, fallback }));
    }
    return usable;
  }

  protected renderError(): TemplateResult | typeof nothing {
    return this.errorMessage
      ? html`<p part="error" role="alert">${translate(this, 'error', { message: this.errorMessage })}</p>`
      : nothing;
  }
}
