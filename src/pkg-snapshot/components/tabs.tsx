import { Text, View } from '@tarojs/components';
import './pkg.css';

/** A row of big filter chips; one is selected. */
export default function Tabs<K extends string>({ options, value, onChange, testId }: { options: ReadonlyArray<{ key: K; label: string; badge?: number }>; value: K; onChange: (k: K) => void; testId?: string }) {
  return (
    <View className="tabs" data-testid={testId}>
      {options.map((o) => (
        <View key={o.key} className={`tabs__item${o.key === value ? ' tabs__item--on' : ''}`} data-testid={testId ? `${testId}-${o.key}` : undefined} onClick={() => onChange(o.key)}>
          <Text>{o.label}</Text>
          {o.badge ? <Text className="tabs__badge">{o.badge}</Text> : null}
        </View>
      ))}
    </View>
  );
}
