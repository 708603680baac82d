import { useMemo } from 'react';
import type { DistributionSeries } from '../model/chart-data.ts';
import { formatMs } from '../model/trust.ts';
import { PALETTE, type ChartConfiguration } from './chart-setup.ts';
import { useChart } from './use-chart.ts';

/** Cumulative latency distribution per approach: how many requests finished within x ms (log axis). */
export function LatencyChart({ series }: { series: DistributionSeries[] }) {
  const config = useMemo((): ChartConfiguration<'scatter'> => ({
    type: 'scatter',
    data: {
      datasets: series.map((s, i) => ({
        label: s.label,
        data: s.points,
        showLine: true,
        borderColor: PALETTE[i],
        backgroundColor: PALETTE[i],
        pointRadius: 0,
        borderWidth: 2,
      })),
    },
    options: {
      maintainAspectRatio: false,
      scales: {
        x: { type: 'logarithmic', title: { display: true, text: 'latency, ms (log scale)' } },
        y: { min: 0, max: 100, title: { display: true, text: '% of requests at most this slow' } },
      },
      plugins: {
        legend: { position: 'bottom', labels: { usePointStyle: true, pointStyle: 'line' } },
        tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${c.parsed.y}% within ${formatMs(c.parsed.x)}` } },
      },
    },
  }), [series]);
  const canvas = useChart(config);
  const summary = series.map((s) => `${s.label}: p50 ${formatMs(s.p50)}, p99 ${formatMs(s.p99)}`).join('; ');
  return (
    <div className="lab-chart" style={{ height: 300 }}>
      <canvas ref={canvas} role="img" aria-label={`Chart: latency distribution. ${summary}`} />
    </div>
  );
}
