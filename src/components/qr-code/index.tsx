import { useMemo } from 'react';
import { View } from '@tarojs/components';
import { encodeQr } from './qr';
import './index.css';

export interface QrCodeProps {
  text: string;
  /** Accessible label and test hook. */
  label?: string;
  testId?: string;
}

const QUIET = 4;

/**
 * A scannable QR code drawn with Views (no canvas, so weapp and H5 render it the same): one row per
 * module row, each row a few runs of equal colour, sized in percentages of a square box.
 */
export default function QrCode({ text, label, testId }: QrCodeProps) {
  const rows = useMemo(() => {
    const qr = encodeQr(text);
    const total = qr.size + QUIET * 2;
    const light = new Array<boolean>(total).fill(false);
    const grid = [
      ...Array.from({ length: QUIET }, () => light),
      ...qr.modules.map((r) => [...new Array<boolean>(QUIET).fill(false), ...r, ...new Array<boolean>(QUIET).fill(false)]),
      ...Array.from({ length: QUIET }, () => light),
    ];
    return grid.map((r) => {
      const runs: Array<{ dark: boolean; width: number }> = [];
      for (const dark of r) {
        const last = runs[runs.length - 1];
        if (last && last.dark === dark) last.width++;
        else runs.push({ dark, width: 1 });
      }
      return runs.map((run) => ({ dark: run.dark, pct: (run.width / total) * 100 }));
    });
  }, [text]);

  return (
    <View className="qr-code" aria-label={label} data-testid={testId} data-qr-text={text}>
      {rows.map((runs, y) => (
        <View key={y} className="qr-code__row" style={{ height: `${100 / rows.length}%` }}>
          {runs.map((run, i) => (
            <View key={i} className={run.dark ? 'qr-code__dark' : 'qr-code__light'} style={{ width: `${run.pct}%` }} />
          ))}
        </View>
      ))}
    </View>
  );
}
