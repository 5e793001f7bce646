import { useState } from 'react';
import { Picker, Text, View } from '@tarojs/components';
import type { TimeRange, WeeklyHours } from '../../../cloudfunctions/shared/contracts/place';
import { shanghaiDay } from '../../../cloudfunctions/shared/isomorphic/time';
import { WEEKDAYS } from '../../constants/place';
import './index.css';

export interface HoursEditorProps {
  value: WeeklyHours;
  onChange: (next: WeeklyHours) => void;
}

const MAX_RANGES = 3;

function monthDay(date: string): string {
  const [, m, d] = date.split('-');
  return `${Number(m)}月${Number(d)}日`;
}

const today = () => shanghaiDay(new Date());

function RangesRow({ label, ranges, onChange }: { label: string; ranges: TimeRange[]; onChange: (next: TimeRange[]) => void }) {
  const setRange = (idx: number, patch: Partial<TimeRange>) => onChange(ranges.map((r, i) => (i === idx ? { ...r, ...patch } : r)));
  return (
    <View className="hours-editor__day">
      <Text className="hours-editor__day-name">{label}</Text>
      <View className="hours-editor__ranges">
        {ranges.length === 0 ? <Text className="hours-editor__rest">休息</Text> : null}
        {ranges.map((r, idx) => (
          <View key={idx} className="hours-editor__range">
            <Picker mode="time" value={r.open} onChange={(e) => setRange(idx, { open: String(e.detail.value) })}>
              <Text className="hours-editor__time">{r.open}</Text>
            </Picker>
            <Text className="hours-editor__dash">至</Text>
            <Picker mode="time" value={r.close === '24:00' ? '00:00' : r.close} onChange={(e) => setRange(idx, { close: String(e.detail.value) })}>
              <Text className="hours-editor__time">
                {r.close <= r.open && r.close !== '24:00' ? '次日 ' : ''}
                {r.close}
              </Text>
            </Picker>
            <Text className="hours-editor__link" onClick={() => onChange(ranges.filter((_, i) => i !== idx))}>
              删除
            </Text>
          </View>
        ))}
        {ranges.length < MAX_RANGES ? (
          <Text className="hours-editor__link" onClick={() => onChange([...ranges, ranges.length ? { open: '17:00', close: '21:00' } : { open: '08:00', close: '22:00' }])}>
            {ranges.length ? '+ 时段' : '+ 营业'}
          </Text>
        ) : null}
      </View>
    </View>
  );
}

const uniform = (h: WeeklyHours) => h.weekly.every((d) => JSON.stringify(d) === JSON.stringify(h.weekly[0]));

/**
 * Weekly opening hours: 24 小时 for round-the-clock places, otherwise the same ranges every day (most
 * shops) or per weekday — one to three ranges each (a closing time earlier than the opening time runs
 * past midnight), none for a day off — plus particular days off.
 */
export default function HoursEditor({ value, onChange }: HoursEditorProps) {
  const [perDay, setPerDay] = useState(() => !uniform(value));
  const setDay = (day: number, ranges: TimeRange[]) => onChange({ ...value, weekly: value.weekly.map((d, i) => (i === day ? ranges : d)) });
  const setAll = (ranges: TimeRange[]) => onChange({ ...value, weekly: value.weekly.map(() => ranges.map((r) => ({ ...r }))) });
  const closed = value.closedDays ?? [];

  return (
    <View className="hours-editor" data-testid="hours-editor">
      <View
        role="checkbox"
        aria-checked={!!value.is24h}
        className={`hours-editor__switch${value.is24h ? ' hours-editor__switch--on' : ''}`}
        onClick={() => onChange({ ...value, is24h: !value.is24h || undefined })}
      >
        <Text>{value.is24h ? '✓ ' : ''}24 小时营业</Text>
      </View>

      {value.is24h ? null : perDay ? (
        <View>
          {value.weekly.map((ranges, day) => (
            <RangesRow key={WEEKDAYS[day]} label={WEEKDAYS[day]} ranges={ranges} onChange={(r) => setDay(day, r)} />
          ))}
          <Text
            className="hours-editor__link"
            onClick={() => {
              setAll(value.weekly[0]);
              setPerDay(false);
            }}
          >
            改为每天相同（按周一）
          </Text>
        </View>
      ) : (
        <View>
          <RangesRow label="每天" ranges={value.weekly[0]} onChange={setAll} />
          <Text className="hours-editor__link" onClick={() => setPerDay(true)}>
            按星期分别设置（如周一休息）
          </Text>
        </View>
      )}

      <View className="hours-editor__closed">
        <Text className="hours-editor__closed-title">临时休息日</Text>
        {closed.map((d) => (
          <View key={d} className="hours-editor__closed-item">
            <Text>{monthDay(d)}</Text>
            <Text className="hours-editor__link" onClick={() => onChange({ ...value, closedDays: closed.filter((x) => x !== d) })}>
              删除
            </Text>
          </View>
        ))}
        <Picker
          mode="date"
          value={today()}
          start={today()}
          onChange={(e) => {
            const d = String(e.detail.value);
            if (!closed.includes(d)) onChange({ ...value, closedDays: [...closed, d].sort() });
          }}
        >
          <Text className="hours-editor__link">+ 添加休息日</Text>
        </Picker>
      </View>
      <Text className="hours-editor__hint">关门时间早于开门时间表示营业到次日凌晨；没有时段的一天为休息。</Text>
    </View>
  );
}
