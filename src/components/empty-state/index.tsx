import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import './index.css';

export interface EmptyStateProps {
  title: string;
  description?: string;
  /** Big glyph on top (a character, not an image: nothing to load). */
  glyph?: string;
  action?: ReactNode;
}

/** Honest empty / coming-soon / error state: a glyph, a title, one line and at most one action. */
export default function EmptyState({ title, description, glyph = '·', action }: EmptyStateProps) {
  return (
    <View className="empty-state">
      <View className="empty-state__glyph">
        <Text>{glyph}</Text>
      </View>
      <Text className="empty-state__title">{title}</Text>
      {description ? <Text className="empty-state__desc">{description}</Text> : null}
      {action ? <View className="empty-state__action">{action}</View> : null}
    </View>
  );
}
