// The energy curve of a session from its meter samples: kWh delivered since the first reading, and
// power where the station sent it (uPlot, times in Asia/Shanghai).
import uPlot from 'uplot';
import { html } from 'htm/preact';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../i18n.js';

const toWh = (s) => Number(s.value) * (/^kwh$/i.test(s.unit) ? 1000 : 1);
const toKw = (s) => Number(s.value) / (/^kw$/i.test(s.unit) ? 1 : 1000);

/** [seconds[], kWh[], kW[]] from the samples (the register read on the main meter: no phase). */
export function energySeries(samples) {
  const energy = samples.filter((s) => s.measurand === 'Energy.Active.Import.Register' && !s.phase);
  const power = new Map(samples.filter((s) => s.measurand === 'Power.Active.Import' && !s.phase).map((s) => [s.sampledAt, toKw(s)]));
  if (energy.length === 0) return null;
  const first = toWh(energy[0]);
  const seen = new Map();
  // uPlot's time axis is in seconds; fractions keep readings made within one second apart.
  for (const s of energy) seen.set(Date.parse(s.sampledAt) / 1000, [(toWh(s) - first) / 1000, power.get(s.sampledAt) ?? null]);
  const xs = [...seen.keys()].sort((a, b) => a - b);
  return [xs, xs.map((x) => seen.get(x)[0]), xs.map((x) => seen.get(x)[1])];
}

export function EnergyChart({ samples }) {
  const box = useRef(null);
  const series = energySeries(samples);
  useEffect(() => {
    if (!series || !box.current) return undefined;
    const hasPower = series[2].some((v) => v !== null);
    const plot = new uPlot(
      {
        width: Math.min(box.current.clientWidth || 720, 960),
        height: 280,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Asia/Shanghai'),
        scales: { x: { time: true }, kwh: { auto: true }, kw: { auto: true } },
        axes: [{}, { scale: 'kwh', label: 'kWh' }, ...(hasPower ? [{ scale: 'kw', side: 1, label: 'kW', grid: { show: false } }] : [])],
        series: [
          {},
          { label: t('session.energyKwh'), scale: 'kwh', stroke: '#1f6feb', width: 2, fill: 'rgba(31,111,235,0.12)' },
          ...(hasPower ? [{ label: t('session.powerKw'), scale: 'kw', stroke: '#d97706', width: 1.5 }] : []),
        ],
      },
      hasPower ? series : series.slice(0, 2),
      box.current,
    );
    return () => plot.destroy();
  }, [samples]);
  if (!series) return html`<p class="empty" data-chart="none">${t('session.noSamples')}</p>`;
  const last = series[1][series[1].length - 1];
  return html`<figure class="chart">
    <div ref=${box} class="chart-box" data-chart="energy" data-points=${series[0].length} role="img" aria-label=${t('session.chartLabel', { n: series[0].length, kwh: last.toFixed(3) })}></div>
    <figcaption>${t('session.chartCaption')}</figcaption>
  </figure>`;
}
