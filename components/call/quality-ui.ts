/**
 * The quality side of `<vinteo-call>`: during a call it consumes stats (`watchStats()` and the `stats:*` events it
 * needs, while in the page and the page is visible), reflects `quality="excellent|good|poor|lost"` (removed outside a call) and, with `show-quality`,
 * renders the quality badge of `<vinteo-stats>` in the stage's corner.
 */
import { css, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { Quality, QualityVerdict } from '../../src/stats/types.js';
import type { VinteoConnectorApi } from '../../src/types.js';
import { StatsWatch } from '../controllers/stats-watch.js';
import { formatterOf, qualityColours, renderBadge } from '../stats/stats-badge.js';

export interface QualityHost extends ReactiveControllerHost, HTMLElement {
  readonly connector: VinteoConnectorApi | undefined;
  quality?: Quality;
  readonly showQuality: boolean;
}

const IN_CALL = new Set(['answering', 'active', 'ending']);
/** How often `<vinteo-call>` needs a stats sample for its quality. */
export const QUALITY_SAMPLE_MS = 2000;

export class QualityUi {
  #host: QualityHost;
  #watch: StatsWatch;

  constructor(host: QualityHost) {
    this.#host = host;
    const handlers = { 'stats:quality-changed': () => this.sync(), 'stats:stopped': () => this.sync() };
    // The verdict (the attribute, the badge) moves slowly by design (hysteresis): a sample every 2 s is plenty, and
    // halves what the call element costs; a <vinteo-stats> beside it still gets one a second.
    this.#watch = new StatsWatch(host, () => host.connector, {
      enabled: () => this.#inCall(),
      handlers,
      intervalMs: QUALITY_SAMPLE_MS,
    });
  }

  /** Follows the call: consumes stats during it, reflects the verdict's quality (none outside a call). */
  sync(): void {
    this.#watch.sync();
    this.#host.quality = this.#inCall() ? this.#verdict()?.quality : undefined;
  }

  /** The badge for the stage's corner (`show-quality`, during a call). */
  renderBadge(): TemplateResult | typeof nothing {
    if (!this.#host.showQuality || !this.#inCall()) return nothing;
    return renderBadge(formatterOf(this.#host), this.#verdict(), { short: true, part: 'quality-badge' });
  }

  #inCall(): boolean {
    return IN_CALL.has(this.#host.connector?.callState ?? 'idle');
  }

  #verdict(): QualityVerdict | undefined {
    return this.#host.connector?.quality;
  }
}

export const qualityStyles = [
  qualityColours,
  css`
  [part='quality-badge'] {
    position: static;
    display: inline-flex; align-items: center; gap: 0.4em; padding: 0.25em 0.7em;
    border-radius: 999px; background: rgb(16 20 28 / 0.75); color: #fff; font-size: 0.85em; font-weight: 600;
  }
  [part='quality-badge-label'] { display: inline-flex; align-items: center; gap: 0.45em; }
  [part='quality-badge-dot'] { flex: none; width: 0.65em; height: 0.65em; border-radius: 50%; background: var(--_quality); box-shadow: 0 0 0 2px rgb(255 255 255 / 0.85); }
`,
];
