import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import Icon, { type IconName } from '../icon';
import './index.css';

/** The marks pages pass, drawn as icons; any other character is shown as it is. */
const GLYPH_ICONS: Record<string, IconName> = {
  '✓': 'check',
  '!': 'alert',
  '?': 'help',
  '…': 'clock',
  锁: 'lock',
  空: 'inbox',
  信: 'mail',
  拍: 'camera',
  店: 'shop',
  驿: 'station',
  核: 'scan',
  奖: 'gift',
  兑: 'gift',
  榜: 'trophy',
};

export interface EmptyStateProps {
  title: string;
  description?: string;
  /** The mark on top: one of GLYPH_ICONS' characters (drawn as an icon), or an icon name. */
  glyph?: string;
  icon?: IconName;
  action?: ReactNode;
}

/** Honest empty / coming-soon / error state: a glyph, a title, one line and at most one action. */
export default function EmptyState({ title, description, glyph = '空', icon, action }: EmptyStateProps) {
  const name = icon ?? GLYPH_ICONS[glyph];
  return (
    <View className="empty-state">
      <View className="empty-state__glyph">{name ? <Icon name={name} size="lg" className="empty-state__icon" /> : <Text>{glyph}</Text>}</View>
      <Text className="empty-state__title">{title}</Text>
      {description ? <Text className="empty-state__desc">{description}</Text> : null}
      {action ? <View className="empty-state__action">{action}</View> : null}
    </View>
  );
}
