/** The quality badge (text and colour, reasons in words, the MOS as text), shared by `<vinteo-stats>` and `<vinteo-call show-quality>`. */
import { css, html, nothing, type TemplateResult } from 'lit';
import type { QualityVerdict } from '../../src/stats/types.js';
import { languageOf, translator, type StringKey } from '../i18n.js';
import { number, type Formatter } from './stats-format.js';

/** The element's strings and number format. */
export function formatterOf(host: Element): Formatter {
  return { t: translator(host), lang: languageOf(host) };
}

/** "Packet loss, High delay" (empty when there is no reason). */
export function reasonsText(f: Formatter, verdict: QualityVerdict): string {
  return verdict.reasons.map((reason) => f.t(`stats.reason.${reason}` as StringKey)).join(', ');
}

export function mosText(f: Formatter, mos: number | undefined): string {
  return mos === undefined ? '' : f.t('stats.mos', { mos: number(f, mos, 1, 1) });
}

export interface BadgeOptions {
  /** The quality word only (the call's corner): no reasons, no MOS. */
  short?: boolean;
  /** The part name (default `badge`). */
  part?: string;
}

/** The verdict as a badge; "Measuring quality…" until the first verdict. */
export function renderBadge(
  f: Formatter,
  verdict: QualityVerdict | undefined,
  options: BadgeOptions = {},
): TemplateResult {
  const name = options.part ?? 'badge';
  const reasons = verdict && !options.short ? reasonsText(f, verdict) : '';
  const mos = verdict && !options.short ? mosText(f, verdict.mos) : '';
  return html`<span part=${name} data-quality=${verdict?.quality ?? 'measuring'} title=${options.short && verdict ? reasonsText(f, verdict) || nothing : nothing}>
    <span part="${name}-label"><span part="${name}-dot" aria-hidden="true"></span><span part="${name}-text">${verdict ? f.t(`stats.q.${verdict.quality}` as StringKey) : f.t('stats.measuring')}</span></span>
    ${reasons ? html`<span part="${name}-reasons">${reasons}</span>` : nothing}
    ${mos ? html`<span part="${name}-mos">${mos}</span>` : nothing}
  </span>`;
}

/** `--_quality`: the badge's colour by `data-quality` (themable with `--vinteo-quality-*`), for either element's styles. */
export const qualityColours = css`
  [data-quality] { --_quality: var(--vinteo-quality-measuring, #4b5563); }
  [data-quality='excellent'] { --_quality: var(--vinteo-quality-excellent, #16692f); }
  [data-quality='good'] { --_quality: var(--vinteo-quality-good, #245a94); }
  [data-quality='poor'] { --_quality: var(--vinteo-quality-poor, #9a4100); }
  [data-quality='lost'] { --_quality: var(--vinteo-quality-lost, #b3261e); }
`;
