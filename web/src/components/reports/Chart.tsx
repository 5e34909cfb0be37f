import { useEffect, useRef } from 'react';
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart as ChartJS,
  DoughnutController,
  Legend,
  LinearScale,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';

// Only what the two report charts draw is registered, so the rest of Chart.js is tree-shaken.
ChartJS.register(BarController, BarElement, CategoryScale, LinearScale, DoughnutController, ArcElement, Tooltip, Legend);

/** Reads the theme's text and grid colours so the axes stay readable in light and dark. */
function themeColors() {
  const css = getComputedStyle(document.documentElement);
  return { text: css.getPropertyValue('--muted').trim() || '#605a69', grid: css.getPropertyValue('--border').trim() || '#d9d5de' };
}

interface Props {
  config: ChartConfiguration<'bar' | 'doughnut'>;
  /** What the chart shows, for screen readers (the table beside it has the numbers). */
  label: string;
  height?: number;
}

/** A canvas owned by one Chart.js instance; rebuilt when the config changes, resized by Chart.js. */
export function Chart({ config, label, height = 260 }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const { text, grid } = themeColors();
    ChartJS.defaults.color = text;
    ChartJS.defaults.borderColor = grid;
    const chart = new ChartJS(canvas.current, config as ChartConfiguration);
    // Theme switches (the system's) recolour axes without a reload.
    const media = window.matchMedia?.('(prefers-color-scheme: dark)');
    const onTheme = () => {
      const c = themeColors();
      ChartJS.defaults.color = c.text;
      ChartJS.defaults.borderColor = c.grid;
      chart.update();
    };
    media?.addEventListener?.('change', onTheme);
    return () => {
      media?.removeEventListener?.('change', onTheme);
      chart.destroy();
    };
  }, [config]);
  return (
    <div className="report-chart" style={{ height }}>
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
