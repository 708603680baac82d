import { useEffect, useRef } from 'react';
import { Chart, type ChartConfiguration, type ChartType } from './chart-setup.ts';

/** A Chart.js chart on a canvas: created in an effect, rebuilt when the config changes, destroyed on cleanup. */
export function useChart<T extends ChartType>(config: ChartConfiguration<T>) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, config);
    return () => chart.destroy();
  }, [config]);
  return canvas;
}
