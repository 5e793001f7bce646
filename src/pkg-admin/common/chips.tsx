import { Text, View } from '@tarojs/components';

export interface ChipOption<K extends string> {
  key: K;
  label: string;
}

/** A row of big tappable chips, one selected (a segmented control that wraps). */
export default function Chips<K extends string>({ options, value, onChange, testId }: { options: ReadonlyArray<ChipOption<K>>; value: K; onChange: (k: K) => void; testId?: string }) {
  return (
    <View className="adm-chips" data-testid={testId}>
      {options.map((o) => (
        <Text
          key={o.key}
          className={`adm-chip${o.key === value ? ' adm-chip--on' : ''}`}
          data-testid={testId ? `${testId}-${o.key}` : undefined}
          onClick={() => onChange(o.key)}
        >
          {o.label}
        </Text>
      ))}
    </View>
  );
}
