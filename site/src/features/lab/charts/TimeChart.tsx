import { useMemo } from 'react';
import type { TimeBar } from '../model/chart-data.ts';
import { formatMs } from '../model/trust.ts';
import type { ChartConfiguration } from './chart-setup.ts';
import { useChart } from './use-chart.ts';

/** Horizontal bars: mean time per approach with its 95% confidence interval (chartjs-chart-error-bars). */
export function TimeChart({ bars, title }: { bars: TimeBar[]; title: string }) {
  const config = useMemo((): ChartConfiguration<'barWithErrorBars'> => ({
    type: 'barWithErrorBars',
    data: {
      labels: bars.map((b) => b.label),
      datasets: [
        {
          label: 'mean time (ms), 95% interval',
          data: bars.map((b) => ({ x: b.mean, xMin: b.low, xMax: b.high })),
          backgroundColor: bars.map((b) => (b.baseline ? '#8c959f' : b.flagged ? '#e0b646' : '#b7410e')),
          errorBarColor: '#1d1f23',
          errorBarWhiskerColor: '#1d1f23',
          errorBarLineWidth: 1.5,
          errorBarWhiskerSize: 10,
        },
      ],
    },
    options: {
      indexAxis: 'y',
      maintainAspectRatio: false,
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: (c) => { const b = bars[c.dataIndex]!; return `${formatMs(b.mean)} (95%: ${formatMs(b.low)} – ${formatMs(b.high)})`; } } },
      },
      scales: { x: { beginAtZero: true, title: { display: true, text: 'milliseconds (shorter is faster)' } } },
    },
  }), [bars]);
  const canvas = useChart(config);
  const summary = bars.map((b) => `${b.label} ${formatMs(b.mean)}`).join(', ');
  return (
    <div className="lab-chart" style={{ height: 60 + bars.length * 34 }}>
      <canvas ref={canvas} role="img" aria-label={`Chart: mean time per approach, ${title}: ${summary}`} />
    </div>
  );
}
