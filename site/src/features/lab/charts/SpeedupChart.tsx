import { useMemo } from 'react';
import type { SpeedupSeries } from '../model/chart-data.ts';
import { PALETTE, type ChartConfiguration } from './chart-setup.ts';
import { useChart } from './use-chart.ts';

/** Measured speedup T(1)/T(n) against worker count, the fitted Amdahl curve, and the ideal line y = n. */
export function SpeedupChart({ series, cores }: { series: SpeedupSeries[]; cores: number }) {
  const maxWorkers = Math.max(2, ...series.flatMap((s) => s.measured.map((p) => p.x)));
  const config = useMemo((): ChartConfiguration<'scatter'> => ({
    type: 'scatter',
    data: {
      datasets: [
        ...series.flatMap((s, i) => [
          { label: `measured, ${s.transfer}`, data: s.measured, showLine: true, borderColor: PALETTE[i], backgroundColor: PALETTE[i], pointRadius: 5, pointStyle: 'circle' as const },
          {
            label: `Amdahl, ${s.transfer}${s.serialFraction === null ? ' (no fit)' : ` (serial ${(s.serialFraction * 100).toFixed(0)}%)`}`,
            data: s.amdahl,
            showLine: true,
            borderDash: [6, 4],
            borderColor: PALETTE[i],
            backgroundColor: 'transparent',
            pointRadius: 0,
            pointStyle: 'line' as const,
          },
        ]),
        {
          label: 'ideal (n× with n workers)',
          data: Array.from({ length: maxWorkers }, (_, k) => ({ x: k + 1, y: k + 1 })),
          showLine: true,
          borderColor: '#8c959f',
          borderDash: [2, 3],
          pointRadius: 0,
          pointStyle: 'line' as const,
        },
      ],
    },
    options: {
      maintainAspectRatio: false,
      scales: {
        x: { min: 1, max: maxWorkers, ticks: { stepSize: 1 }, title: { display: true, text: `workers (this machine: ${cores} cores)` } },
        y: { beginAtZero: true, title: { display: true, text: 'speedup over 1 worker' } },
      },
      plugins: { legend: { position: 'bottom', labels: { usePointStyle: true } } },
    },
  }), [series, maxWorkers, cores]);
  const canvas = useChart(config);
  const summary = series.map((s) => `${s.transfer}: ${s.measured.map((p) => `${p.x} workers ${p.y.toFixed(2)}×`).join(', ')}`).join('; ');
  return (
    <div className="lab-chart" style={{ height: 300 }}>
      <canvas ref={canvas} role="img" aria-label={`Chart: speedup against worker count. ${summary}`} />
    </div>
  );
}
