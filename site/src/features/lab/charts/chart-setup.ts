/** Chart.js with only what the lab draws, registered once (tree-shaken ESM builds register nothing). */
import {
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Tooltip,
  type ChartConfiguration,
  type ChartType,
} from 'chart.js';
import { BarWithErrorBar, BarWithErrorBarsController } from 'chartjs-chart-error-bars';

Chart.register(BarWithErrorBarsController, BarWithErrorBar, BarElement, CategoryScale, LinearScale, LogarithmicScale, LineController, LineElement, PointElement, ScatterController, Legend, Tooltip);

Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', Roboto, Ubuntu, sans-serif";
Chart.defaults.color = '#3b3f45';
Chart.defaults.animation = false; // figures, not a show: draw at once (and screenshots see the final state)

export const PALETTE = ['#b7410e', '#0b5cad', '#1a7f37', '#8250df', '#9a6700', '#cf222e', '#57606a'];

export { Chart, type ChartConfiguration, type ChartType };
