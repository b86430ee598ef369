/** The templates of `<vinteo-devices>`: the preview area, one labelled select, the level meter, the problem line. */
import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { DeviceEntry, DeviceKind, PreferredDevices } from '../../src/media/device-types.js';
import type { StringKey } from '../i18n.js';
import { anonymous, chosenId, optionsOf } from './device-view.js';

type Translate = (key: StringKey, values?: Record<string, string>) => string;

export interface SelectView {
  kind: DeviceKind;
  entries: DeviceEntry[];
  /** The id in use (or being switched to); '' when unknown. */
  chosen: string;
  preferred: PreferredDevices;
  /** The speaker cannot be chosen in this browser. */
  unsupported: boolean;
  onChange: (deviceId: string) => void;
}

export type StageState = 'video' | 'no-camera' | 'blocked' | 'off';

const PLACEHOLDER: Record<Exclude<StageState, 'video'>, StringKey> = {
  'no-camera': 'devices.noCameraHelp',
  blocked: 'devices.previewBlocked',
  off: 'devices.previewOff',
};

export function renderStage(state: StageState, t: Translate): TemplateResult {
  const inner =
    state === 'video'
      ? html`<video part="preview" playsinline autoplay muted aria-label=${t('devices.preview')}></video>`
      : html`<p part="placeholder" data-state=${state}>${t(PLACEHOLDER[state])}</p>`;
  return html`<div part="stage">${inner}</div>`;
}

export function renderSelect(view: SelectView, t: Translate): TemplateResult {
  const { kind, entries, unsupported } = view;
  const usable = entries.length > 0 && !unsupported;
  const options = usable ? optionsOf(kind, entries, t) : [{ value: '', label: t(`devices.none.${kind}`) }];
  const chosen = usable ? chosenId(kind, entries, view.preferred, view.chosen || undefined) : '';
  const index = Math.max(
    0,
    options.findIndex((option) => option.value === chosen),
  );
  const id = `${kind}-select`;
  return html`
    <div part="field ${kind}-field">
      <label part="label" for=${id}>${t(`devices.${kind}`)}</label>
      <select part="select ${kind}-select" id=${id} ?disabled=${!usable || anonymous(entries)}
        aria-describedby=${unsupported ? `${kind}-reason` : nothing}
        @change=${(event: Event) => view.onChange((event.target as HTMLSelectElement).value)}>
        ${options.map((option, i) => html`<option value=${option.value} .selected=${live(i === index)}>${option.label}</option>`)}
      </select>
      ${unsupported ? html`<p part="reason" id="${kind}-reason">${t('devices.speakerUnsupported')}</p>` : nothing}
    </div>`;
}

export function renderMeter(level: number, t: Translate): TemplateResult {
  const value = String(level);
  return html`
    <div part="meter-field">
      <span part="label" id="level-label">${t('devices.level')}</span>
      <div part="meter" role="meter" aria-labelledby="level-label" aria-valuemin="0" aria-valuemax="100"
        aria-valuenow=${value} aria-valuetext=${t('devices.levelValue', { level: value })}>
        <div part="meter-bar" style=${styleMap({ transform: `scaleX(${level / 100})` })}></div>
      </div>
      <span part="meter-value" aria-hidden="true">${t('devices.levelValue', { level: value })}</span>
    </div>`;
}

/** The live region: always in the page (so a problem that appears is announced), empty when all is well. */
export function renderProblem(text: { message: string; help: string } | undefined): TemplateResult {
  const content = text
    ? html`<p part="error-message">${text.message}</p>${text.help ? html`<p part="error-help">${text.help}</p>` : nothing}`
    : nothing;
  // No whitespace inside: an empty region matches `:empty` and takes no room.
  return html`<div part="error" role="alert">${content}</div>`;
}

/** The "Try again" button (`retry`), or the hint and the "Allow …" button labelled `action`; nothing when undefined. */
export function renderAction(
  action: 'retry' | StringKey | undefined,
  onClick: () => void,
  t: Translate,
): TemplateResult | typeof nothing {
  if (!action) return nothing;
  if (action === 'retry')
    return html`<button part="button retry-button" type="button" @click=${onClick}>${t('devices.retry')}</button>`;
  return html`<p part="hint">${t('devices.allowHint')}</p>
    <button part="button allow-button" type="button" @click=${onClick}>${t(action)}</button>`;
}
