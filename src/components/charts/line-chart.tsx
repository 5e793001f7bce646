import { Text, View } from '@tarojs/components';
import { labelEvery, lineDots, lineSegments, niceMax } from './geometry';
import './index.css';

export interface LineSeries {
  name: string;
  color: string;
  values: number[];
}

export interface LineChartProps {
  /** One label per x position (e.g. the Monday of each week). */
  labels: string[];
  series: LineSeries[];
  testId?: string;
}

/** A trend line drawn with Views: dots positioned in percent, segments as rotated thin bars. */
export default function LineChart({ labels, series, testId }: LineChartProps) {
  const max = niceMax(Math.max(0, ...series.flatMap((s) => s.values)));
  const every = labelEvery(labels.length);
  const n = labels.length;
  return (
    <View className="yh-line" data-testid={testId}>
      <View className="yh-chart-legend">
        {series.map((s) => (
          <View key={s.name} className="yh-chart-legend__item">
            <View className="yh-chart-legend__swatch" style={{ backgroundColor: s.color }} />
            <Text>{s.name}</Text>
          </View>
        ))}
      </View>
      <View className="yh-line__body">
        <View className="yh-line__axis">
          <Text className="yh-line__tick" style={{ top: '0%' }}>
            {max}
          </Text>
          <Text className="yh-line__tick" style={{ top: '50%' }}>
            {max / 2}
          </Text>
          <Text className="yh-line__tick" style={{ top: '100%' }}>
            0
          </Text>
        </View>
        <View className="yh-line__plot">
          <View className="yh-line__grid" style={{ top: '0%' }} />
          <View className="yh-line__grid" style={{ top: '50%' }} />
          <View className="yh-line__grid yh-line__grid--base" style={{ top: '100%' }} />
          {series.map((s, si) => {
            const dots = lineDots(s.values, max);
            return (
              <View key={s.name} className="yh-line__series" data-testid={testId ? `${testId}-series-${si}` : undefined}>
                {lineSegments(dots).map((g, i) => (
                  <View
                    key={`g${i}`}
                    className="yh-line__segment"
                    style={{ left: `${g.x}%`, top: `${g.y}%`, width: `${g.length}%`, transform: `rotate(${g.angle}deg)`, backgroundColor: s.color }}
                  />
                ))}
                {dots.map((d, i) => (
                  <View
                    key={`d${i}`}
                    className="yh-line__dot"
                    data-value={d.value}
                    data-label={labels[i]}
                    style={{ left: `${d.x}%`, top: `${d.y}%`, borderColor: s.color }}
                  />
                ))}
              </View>
            );
          })}
        </View>
      </View>
      <View className="yh-line__xlabels">
        {labels.map((l, i) =>
          (n - 1 - i) % every === 0 ? (
            <Text key={l + i} className="yh-line__xlabel" style={{ left: `${n === 1 ? 50 : (i / (n - 1)) * 100}%` }}>
              {l}
            </Text>
          ) : null,
        )}
      </View>
    </View>
  );
}
