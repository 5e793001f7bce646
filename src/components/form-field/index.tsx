import Taro from '@tarojs/taro';
import { Text } from '@tarojs/components';

/**
 * Brings a form field into view: the field that stops a submit may be far above the button (the
 * category grid, a reward's name, a place's name). Used by every form that marks a field.
 */
export function scrollToField(id: string): void {
  void Promise.resolve(Taro.pageScrollTo({ selector: `#${id}`, duration: 200 })).catch(() => undefined);
}

/** The length the functions' limits count: the trimmed text's length. */
export function textLength(text: string): number {
  return text.trim().length;
}

/**
 * Text over a limit is refused with the count, never cut behind the writer's back:
 * 「名称最多 30 个字，现在 31 个字」, or null when it fits.
 */
export function tooLong(label: string, text: string, max: number): string | null {
  const n = textLength(text);
  return n > max ? `${label}最多 ${max} 个字，现在 ${n} 个字` : null;
}

/** 「12/200」 under a text box, red with how much is over once it is over: the limit is seen before it is hit. */
export function LengthCount({ text, max, testId }: { text: string; max: number; testId?: string }) {
  const n = textLength(text);
  return (
    <Text className={`yh-count${n > max ? ' yh-count--over' : ''}`} data-testid={testId}>
      {n > max ? `超出 ${n - max} 字 · ${n}/${max}` : `${n}/${max}`}
    </Text>
  );
}
