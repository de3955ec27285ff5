import {
  Bar,
  BarChart,
  CartesianGrid,
  LabelList,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { fitLabel, labelWidth } from './labels.ts';

export interface BarDatum {
  label: string;
  value: number | null;
}

export interface BarChartProps {
  data: BarDatum[];
  /** Formats a value for the axis, labels and tooltip. */
  format: (value: number) => string;
  /** Name of the figure, for the tooltip. */
  valueName: string;
  /** The scale's end when the figure has one (100 for a share in per cent), so a bar's length reads as the share. */
  max?: number;
}

const BAR = 30;
const AXIS_FONT = 13;
const AXIS_MAX = 190;

/** Horizontal bars, one per row, so that long region names stay readable on a phone. */
export default function HorizontalBarChart({ data, format, valueName, max }: BarChartProps) {
  const rows = data.map((d) => ({ label: d.label, value: d.value ?? 0 }));
  // The labels' column: as wide as the longest label, at most about half a phone's width; longer labels are cut.
  const axisWidth = Math.min(AXIS_MAX, Math.max(40, ...rows.map((r) => labelWidth(r.label, AXIS_FONT))) + 16);
  return (
    <ResponsiveContainer width="100%" height={rows.length * BAR + 40}>
      <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 56, bottom: 4, left: 4 }}>
        <CartesianGrid horizontal={false} stroke="#dde3ea" />
        <XAxis
          type="number"
          domain={max === undefined ? undefined : [0, max]}
          // Counts (every value whole) are ticked in whole numbers: no "0.25 venues".
          allowDecimals={!rows.every((r) => Number.isInteger(r.value))}
          tickFormatter={(v: number) => format(v)}
          stroke="#4a5565"
          fontSize={12}
        />
        <YAxis
          type="category"
          dataKey="label"
          width={axisWidth}
          tickFormatter={(label: string) => fitLabel(String(label), axisWidth - 16, AXIS_FONT)}
          stroke="#4a5565"
          fontSize={AXIS_FONT}
          interval={0}
        />
        <Tooltip formatter={(v) => [format(Number(v)), valueName]} cursor={{ fill: '#e8f0fa' }} />
        <Bar dataKey="value" fill="#1d5fa8" isAnimationActive={false} barSize={18}>
          <LabelList dataKey="value" position="right" formatter={(v) => format(Number(v))} fontSize={12} />
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}
