import { render } from '@testing-library/react';
import { BarChart, LineChart, barWidths, labelEvery, lineDots, lineSegments, niceMax, PLOT_H, PLOT_W } from '../../src/components/charts';

jest.mock('@tarojs/taro', () => require('./taro-mock'));

const styleOf = (el: Element) => (el as HTMLElement).style;

describe('chart geometry', () => {
  it('rounds the axis up to a readable maximum', () => {
    expect([0, 1, 7, 10, 11, 23, 180, 620].map(niceMax)).toEqual([1, 1, 10, 10, 20, 25, 200, 1000]);
  });

  it('places dots left to right and bottom to top, and joins them with segments of the true length and angle', () => {
    const dots = lineDots([0, 5, 10], 10);
    expect(dots.map((d) => [d.x, d.y])).toEqual([
      [0, 100],
      [50, 50],
      [100, 0],
    ]);
    const [first] = lineSegments(dots);
    // From (0, 240) to (280, 120) in design px: 304.6 px long = 54.4 % of the width, rising 23.2°.
    expect(first.length).toBeCloseTo((Math.hypot(280, 120) / PLOT_W) * 100, 1);
    expect(first.angle).toBeCloseTo((Math.atan2(-120, 280) * 180) / Math.PI, 1);
    expect(PLOT_W / PLOT_H).toBeCloseTo(560 / 240);
    // A flat line is exactly as long as the gap between its dots.
    expect(lineSegments(lineDots([3, 3], 10))[0]).toEqual({ x: 0, y: 70, length: 100, angle: 0 });
  });

  it('scales bars to the largest value and never hides a non-zero one', () => {
    expect(barWidths([10, 5, 0])).toEqual([100, 50, 0]);
    expect(barWidths([1000, 1])).toEqual([100, 1]);
    expect(barWidths([0, 0])).toEqual([0, 0]);
    expect(labelEvery(12)).toBe(2);
    expect(labelEvery(4)).toBe(1);
  });
});

describe('LineChart', () => {
  it('draws one dot per week and series at the right height, with the axis maximum printed', () => {
    const { getByTestId, getByText } = render(
      <LineChart
        testId="trend"
        labels={['3/2', '3/9', '3/16', '3/23']}
        series={[
          { name: '上报', color: '#0b5cad', values: [2, 8, 4, 6] },
          { name: '办结', color: '#067647', values: [0, 2, 4, 5] },
        ]}
      />,
    );
    const submitted = getByTestId('trend-series-0');
    const dots = submitted.querySelectorAll('.yh-line__dot');
    expect(dots).toHaveLength(4);
    // max 8 → axis 10: 2 sits at 80 % from the top, 8 at 20 %.
    expect(Array.from(dots).map((d) => styleOf(d).top)).toEqual(['80%', '20%', '60%', '40%']);
    expect(Array.from(dots).map((d) => styleOf(d).left)).toEqual(['0%', '33.33%', '66.67%', '100%']);
    expect(dots[1].getAttribute('data-value')).toBe('8');
    expect(submitted.querySelectorAll('.yh-line__segment')).toHaveLength(3);
    const seg = submitted.querySelector('.yh-line__segment')!;
    expect(styleOf(seg).transform).toMatch(/^rotate\(-\d+(\.\d+)?deg\)$/);
    expect(getByTestId('trend-series-1').querySelectorAll('.yh-line__dot')[0]).toHaveProperty('style.top', '100%');
    expect(getByText('10')).toBeTruthy();
    expect(getByText('上报')).toBeTruthy();
    expect(getByText('办结')).toBeTruthy();
  });
});

describe('BarChart', () => {
  it('gives each row a bar proportional to its value with the resolved part inside', () => {
    const { getByTestId } = render(
      <BarChart
        testId="cat"
        valueName="上报"
        partName="办结"
        items={[
          { key: 'road', label: '道路破损', value: 20, part: 15 },
          { key: 'garbage', label: '垃圾堆放', value: 5, part: 0 },
        ]}
      />,
    );
    const road = getByTestId('cat-road');
    expect(styleOf(road.querySelector('[data-role="value"]')!).width).toBe('100%');
    expect(styleOf(road.querySelector('[data-role="part"]')!).width).toBe('75%');
    expect(road.textContent).toContain('道路破损');
    expect(road.textContent).toContain('15/20');
    const garbage = getByTestId('cat-garbage');
    expect(styleOf(garbage.querySelector('[data-role="value"]')!).width).toBe('25%');
    expect(styleOf(garbage.querySelector('[data-role="part"]')!).width).toBe('0%');
  });
});
