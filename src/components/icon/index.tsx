import { Image } from '@tarojs/components';
import { iconUri, type IconName } from './icons';

export type { IconName } from './icons';
export { categoryIcon, serviceIcon } from './icons';

export interface IconProps {
  name: IconName;
  /** Stroke colour; the default is the app's primary blue. */
  color?: string;
  /** 'sm' 32px, 'md' 48px, 'lg' 96px (design px; 750 wide). */
  size?: 'sm' | 'md' | 'lg';
  className?: string;
}

/**
 * A line icon (see icons.ts): decorative, so hidden from screen readers; the text beside it says what it is.
 * Drawn with scaleToFill: the icons are square in square boxes, and Taro H5's aspectFit sizes its <img>
 * from the SVG's natural size (none here), which drew every icon at a quarter of its box, off centre.
 */
export default function Icon({ name, color = '#0b5cad', size = 'md', className = '' }: IconProps) {
  return <Image className={`yh-icon yh-icon--${size} ${className}`} src={iconUri(name, color)} mode="scaleToFill" aria-hidden data-icon={name} />;
}
