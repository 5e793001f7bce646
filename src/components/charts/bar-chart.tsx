import { Text, View } from '@tarojs/components';
import { barWidths } from './geometry';
import './index.css';

export interface BarItem {
  key: string;
  label: string;
  value: number;
  /** A part of value drawn darker inside the bar (e.g. resolved of submitted). */
  part?: number;
}

export interface BarChartProps {
  items: BarItem[];
  /** Legend names of the bar and of its darker part; no legend when absent. */
  valueName?: string;
  partName?: string;
  color?: string;
  partColor?: string;
  testId?: string;
}

/** Horizontal bars, longest = the largest value; the value printed at the end of each row. */
export default function BarChart({ items, valueName, partName, color = '#9ec5ee', partColor = '#0b5cad', testId }: BarChartProps) {
  const max = Math.max(0, ...items.map((i) => i.value));
  const widths = barWidths(
    items.map((i) => i.value),
    max,
  );
  const parts = barWidths(
    items.map((i) => i.part ?? 0),
    max,
  );
  return (
    <View className="yh-bars" data-testid={testId}>
      {valueName ? (
        <View className="yh-chart-legend">
          <View className="yh-chart-legend__item">
            <View className="yh-chart-legend__swatch" style={{ backgroundColor: color }} />
            <Text>{valueName}</Text>
          </View>
          {partName ? (
            <View className="yh-chart-legend__item">
              <View className="yh-chart-legend__swatch" style={{ backgroundColor: partColor }} />
              <Text>{partName}</Text>
            </View>
          ) : null}
        </View>
      ) : null}
      {items.map((item, i) => (
        <View key={item.key} className="yh-bars__row" data-testid={testId ? `${testId}-${item.key}` : undefined}>
          <Text className="yh-bars__label">{item.label}</Text>
          <View className="yh-bars__track">
            <View className="yh-bars__fill" data-role="value" style={{ width: `${widths[i]}%`, backgroundColor: color }} />
            {item.part !== undefined ? <View className="yh-bars__fill yh-bars__fill--part" data-role="part" style={{ width: `${parts[i]}%`, backgroundColor: partColor }} /> : null}
          </View>
          <Text className="yh-bars__value">{item.part !== undefined ? `${item.part}/${item.value}` : item.value}</Text>
        </View>
      ))}
    </View>
  );
}
