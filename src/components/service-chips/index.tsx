import { Text, View } from '@tarojs/components';
import Icon, { serviceIcon } from '../icon';
import type { ServiceCode } from '../../../cloudfunctions/shared/contracts/place';
import { SERVICE_OPTIONS, serviceMeta } from '../../constants/place';
import './index.css';

export interface ServiceChipsProps {
  /** Shown read-only; with `onToggle`, every service is offered and these are the selected ones. */
  codes: readonly ServiceCode[];
  onToggle?: (code: ServiceCode) => void;
  /** Glyph and label in a small pill (lists) instead of tiles (detail page). */
  compact?: boolean;
  testId?: string;
}

/** The services a place offers (or a picker of them): an icon and the Chinese label. */
export default function ServiceChips({ codes, onToggle, compact = false, testId }: ServiceChipsProps) {
  if (onToggle) {
    return (
      <View className="service-chips service-chips--picker" data-testid={testId} role="group">
        {SERVICE_OPTIONS.map((s) => {
          const on = codes.includes(s.code);
          return (
            <View
              key={s.code}
              role="checkbox"
              aria-checked={on}
              data-testid={testId ? `${testId}-${s.code}` : undefined}
              className={`service-chips__pick${on ? ' service-chips__pick--on' : ''}`}
              onClick={() => onToggle(s.code)}
            >
              <View className="service-chips__glyph">
                <Icon name={serviceIcon(s.code)} color={on ? '#0b5cad' : '#084a8c'} />
              </View>
              <Text>{s.label}</Text>
            </View>
          );
        })}
      </View>
    );
  }
  return (
    <View className={`service-chips${compact ? ' service-chips--compact' : ''}`} data-testid={testId}>
      {codes.map((code) => {
        const m = serviceMeta(code);
        return (
          <View key={code} className="service-chips__item">
            <View className="service-chips__glyph">
              <Icon name={serviceIcon(code)} color="#084a8c" />
            </View>
            <Text className="service-chips__label">{m.label}</Text>
          </View>
        );
      })}
    </View>
  );
}
