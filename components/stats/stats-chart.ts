/** The small live charts of `<vinteo-stats>`: bitrate and packet loss over `statsHistory`, as plain SVG polylines. */
import { html, type TemplateResult } from 'lit';
import type { StatsDirection, StatsSnapshot } from '../../src/stats/types.js';
import { bitrate, percent, type Formatter } from './stats-format.js';

const WIDTH = 120;
const HEIGHT = 40;

export interface Series {
  sent: number[];
  received: number[];
}

/** A sample's chart figures: total bitrate and worst loss each way. */
interface Point {
  rate: Record<StatsDirection, number>;
  loss: Record<StatsDirection, number>;
}

/** Samples never change once taken: their figures are worked out once (the element renders every second). */
const pointsOf = new WeakMap<StatsSnapshot, Point>();

function pointOf(snapshot: StatsSnapshot): Point {
  let point = pointsOf.get(snapshot);
  if (point) return point;
  point = { rate: { outbound: 0, inbound: 0 }, loss: { outbound: 0, inbound: 0 } };
  for (const s of snapshot.streams) {
    point.rate[s.direction] += s.bitrateBps || 0;
    point.loss[s.direction] = Math.max(point.loss[s.direction], s.lossPercent || 0);
  }
  pointsOf.set(snapshot, point);
  return point;
}

/** Total bits per second each way, sample by sample. */
export function bitrateSeries(history: readonly StatsSnapshot[]): Series {
  const points = history.map(pointOf);
  return { sent: points.map((p) => p.rate.outbound), received: points.map((p) => p.rate.inbound) };
}

/** The worst stream's loss each way, sample by sample. */
export function lossSeries(history: readonly StatsSnapshot[]): Series {
  const points = history.map(pointOf);
  return { sent: points.map((p) => p.loss.outbound), received: points.map((p) => p.loss.inbound) };
}

/** The `points` of a polyline across the chart's width, `max` at the top. */
export function points(values: number[], max: number): string {
  if (!values.length) return '';
  const drawn = values.length > 1 ? values : [values[0], values[0]];
  const step = WIDTH / (drawn.length - 1);
  const round = (v: number) => Math.round(v * 10) / 10;
  let out = '';
  for (let i = 0; i < drawn.length; i++)
    out += `${i ? ' ' : ''}${round(i * step)},${round(HEIGHT - (Math.min(drawn[i], max) / max) * HEIGHT)}`;
  return out;
}

function last(values: number[]): number {
  return values[values.length - 1] ?? 0;
}

function seconds(history: readonly StatsSnapshot[]): number {
  if (history.length < 2) return 0;
  return Math.round((history[history.length - 1].at - history[0].at) / 1000);
}

export interface ChartView {
  /** `bitrate` or `loss`. */
  name: 'bitrate' | 'loss';
  series: Series;
  /** The top of the scale (the peak with some room, at least `floor`). */
  max: number;
  format: (value: number) => string;
}

export function chartViews(f: Formatter, history: readonly StatsSnapshot[]): ChartView[] {
  const rate = bitrateSeries(history);
  const loss = lossSeries(history);
  const peak = (s: Series) => Math.max(0, ...s.sent, ...s.received);
  return [
    { name: 'bitrate', series: rate, max: Math.max(100_000, peak(rate) * 1.15), format: (v) => bitrate(f, v) },
    { name: 'loss', series: loss, max: Math.max(5, peak(loss) * 1.15), format: (v) => percent(f, v) },
  ];
}

/** One chart with its title, its peak as text and an accessible summary of what it shows. */
export function renderChart(f: Formatter, view: ChartView, history: readonly StatsSnapshot[]): TemplateResult {
  const { series, format } = view;
  const name = f.t(view.name === 'bitrate' ? 'stats.chart.bitrate' : 'stats.chart.loss');
  const peakValue = format(Math.max(0, ...series.sent, ...series.received));
  const summary = f.t('stats.chart.summary', {
    name,
    seconds: String(seconds(history)),
    sent: format(last(series.sent)),
    received: format(last(series.received)),
    peak: peakValue,
  });
  return html`<figure part="chart ${view.name}-chart">
    <figcaption part="chart-title"><span>${name}</span> <span part="chart-peak">${f.t('stats.chart.peak', { value: peakValue })}</span></figcaption>
    <svg part="chart-svg" role="img" aria-label=${summary} viewBox="0 0 ${WIDTH} ${HEIGHT}" preserveAspectRatio="none">
      <line part="chart-axis" x1="0" y1=${HEIGHT} x2=${WIDTH} y2=${HEIGHT}></line>
      <polyline part="chart-line sent-line" points=${points(series.sent, view.max)}></polyline>
      <polyline part="chart-line received-line" points=${points(series.received, view.max)}></polyline>
    </svg>
  </figure>`;
}

/** The legend both charts share. */
export function renderLegend(f: Formatter): TemplateResult {
  return html`<p part="legend">
    <span part="legend-item sent-legend"><span part="swatch sent-swatch"></span>${f.t('stats.sent')}</span>
    <span part="legend-item received-legend"><span part="swatch received-swatch"></span>${f.t('stats.received')}</span>
  </p>`;
}
