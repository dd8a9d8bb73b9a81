/**
 * Server-rendered SVG charts: grouped bars and a line, with axes, a legend,
 * a title, and the same figures as a table (the chart is a picture for the
 * eye and the projector; the table is what a screen reader and a careful
 * reader use). No client script; colours are SVG attributes (the CSP allows
 * no inline styles), and every mark also carries its number.
 */
import { useId, type ReactNode } from "react";
import {
  DEFAULT_FRAME,
  band,
  groupedBars,
  labelEvery,
  linePoints,
  niceTicks,
  pathOf,
  plotHeight,
  round,
  yOf,
  type Frame,
} from "~/features/dashboard/dashboard-rules";

/** The status colours officials already use, darkened enough for print and a projector. */
export const TONES = {
  assigned: "#1e40af",
  onTime: "#15803d",
  late: "#b45309",
  overdue: "#b91c1c",
  blockers: "#6b21a8",
  neutral: "#57534e",
} as const;
export type Tone = keyof typeof TONES;

export interface ChartSeries {
  label: string;
  tone: Tone;
  values: number[];
}

interface ChartProps {
  title: string;
  description: string;
  /** One label per category (month), as printed under the axis and in the table. */
  categories: string[];
  series: ChartSeries[];
  xLabel: string;
  yLabel: string;
  tableLabel: string;
  /** The table's first column heading. */
  categoryHeading: string;
  /** An optional cell renderer for the table (e.g. to link a figure). */
  cell?: (seriesIndex: number, categoryIndex: number, value: number) => ReactNode;
  kind: "bars" | "line";
  frame?: Frame;
  testId?: string;
}

function Axes({ ticks, categories, frame, xLabel, yLabel }: { ticks: number[]; categories: string[]; frame: Frame; xLabel: string; yLabel: string }) {
  const top = ticks[ticks.length - 1];
  const every = labelEvery(categories.length, frame);
  const baseline = frame.top + plotHeight(frame);
  return (
    <g fontSize="13" fill="#44403c">
      {ticks.map((v) => {
        const y = round(yOf(v, top, frame));
        return (
          <g key={v}>
            <line x1={frame.left} x2={frame.width - frame.right} y1={y} y2={y} stroke={v === 0 ? "#57534e" : "#d6d3d1"} strokeWidth={v === 0 ? 1.5 : 1} />
            <text x={frame.left - 6} y={y + 4} textAnchor="end">
              {v}
            </text>
          </g>
        );
      })}
      {categories.map((c, i) =>
        // Counted back from the last month, so that it is always labelled and the spacing stays even.
        (categories.length - 1 - i) % every === 0 ? (
          <text key={c} x={round(band(i, categories.length, frame).centre)} y={baseline + 18} textAnchor="middle">
            {c}
          </text>
        ) : null,
      )}
      <text x={round(frame.left + (frame.width - frame.left - frame.right) / 2)} y={frame.height - 8} textAnchor="middle" fontWeight="600">
        {xLabel}
      </text>
      <text transform={`translate(14 ${round(frame.top + plotHeight(frame) / 2)}) rotate(-90)`} textAnchor="middle" fontWeight="600">
        {yLabel}
      </text>
    </g>
  );
}

function Legend({ series }: { series: ChartSeries[] }) {
  return (
    <ul className="flex flex-wrap gap-x-5 gap-y-1 text-sm text-stone-800">
      {series.map((s) => (
        <li key={s.label} className="flex items-center gap-2">
          <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" focusable="false">
            <rect width="14" height="14" rx="2" fill={TONES[s.tone]} />
          </svg>
          {s.label}
        </li>
      ))}
    </ul>
  );
}

/** A chart with its title, legend and the table of its figures. */
export function Chart(props: ChartProps) {
  const { title, description, categories, series, xLabel, yLabel, kind } = props;
  const frame = props.frame ?? DEFAULT_FRAME;
  const id = useId();
  const max = Math.max(0, ...series.flatMap((s) => s.values));
  const ticks = niceTicks(max);
  const top = ticks[ticks.length - 1];
  const showValues = categories.length * (kind === "bars" ? series.length : 1) <= 40;

  return (
    <figure className="card break-inside-avoid space-y-3" data-testid={props.testId}>
      <figcaption>
        <h3 className="text-base font-semibold" id={`${id}-title`}>
          {title}
        </h3>
        <p className="text-sm text-stone-700" id={`${id}-desc`}>
          {description}
        </p>
      </figcaption>
      <Legend series={series} />
      <svg
        viewBox={`0 0 ${frame.width} ${frame.height}`}
        className="h-auto w-full max-w-3xl"
        role="img"
        aria-labelledby={`${id}-svg-title ${id}-svg-desc`}
        preserveAspectRatio="xMidYMid meet"
      >
        <title id={`${id}-svg-title`}>{title}</title>
        <desc id={`${id}-svg-desc`}>{description}</desc>
        <Axes ticks={ticks} categories={categories} frame={frame} xLabel={xLabel} yLabel={yLabel} />
        {kind === "bars"
          ? groupedBars(
              series.map((s) => s.values),
              top,
              frame,
            ).map((b) => (
              <g key={`${b.series}-${b.index}`}>
                <rect x={round(b.x)} y={round(b.y)} width={round(Math.max(1, b.width - 1))} height={round(b.height)} fill={TONES[series[b.series].tone]} />
                {showValues && b.value > 0 && (
                  <text x={round(b.x + b.width / 2)} y={round(b.y - 3)} textAnchor="middle" fontSize="11" fill="#292524">
                    {b.value}
                  </text>
                )}
              </g>
            ))
          : series.map((s) => {
              const points = linePoints(s.values, top, frame);
              return (
                <g key={s.label}>
                  <path d={pathOf(points)} fill="none" stroke={TONES[s.tone]} strokeWidth="2.5" strokeLinejoin="round" />
                  {points.map((p, i) => (
                    <g key={i}>
                      <circle cx={round(p.x)} cy={round(p.y)} r="4" fill="#ffffff" stroke={TONES[s.tone]} strokeWidth="2" />
                      {showValues && (
                        <text x={round(p.x)} y={round(p.y - 9)} textAnchor="middle" fontSize="12" fill="#292524">
                          {p.value}
                        </text>
                      )}
                    </g>
                  ))}
                </g>
              );
            })}
      </svg>
      <details className="text-sm">
        <summary className="cursor-pointer font-medium text-blue-800">{props.tableLabel}</summary>
        <div className="mt-2 overflow-x-auto">
          <table className="register">
            <caption className="sr-only">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{props.categoryHeading}</th>
                {series.map((s) => (
                  <th key={s.label} scope="col" className="text-right">
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {categories.map((c, i) => (
                <tr key={c}>
                  <th scope="row" className="font-normal">
                    {c}
                  </th>
                  {series.map((s, si) => (
                    <td key={s.label} className="text-right tabular-nums">
                      {props.cell ? props.cell(si, i, s.values[i]) : s.values[i]}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

/** Two figures side by side as horizontal bars (e.g. an agency's rate and the province's), 0–100 %. */
export function CompareBars({ title, items }: { title: string; items: Array<{ label: string; value: number | null; text: string; tone: Tone }> }) {
  const width = 480;
  const labelW = 120;
  const barW = width - labelW - 70;
  const rowH = 34;
  return (
    <svg viewBox={`0 0 ${width} ${items.length * rowH + 8}`} className="h-auto w-full max-w-xl" role="img" aria-label={title}>
      <title>{title}</title>
      {items.map((it, i) => {
        const y = 4 + i * rowH;
        const w = it.value === null ? 0 : Math.max(1, it.value * barW);
        return (
          <g key={it.label} fontSize="13" fill="#292524">
            <text x={0} y={y + 19}>
              {it.label}
            </text>
            <rect x={labelW} y={y + 4} width={barW} height={22} fill="#f5f5f4" stroke="#d6d3d1" />
            <rect x={labelW} y={y + 4} width={round(w)} height={22} fill={TONES[it.tone]} />
            <text x={labelW + barW + 8} y={y + 19} fontWeight="600">
              {it.text}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
