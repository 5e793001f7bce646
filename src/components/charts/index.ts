export { default as LineChart } from './line-chart';
export type { LineChartProps, LineSeries } from './line-chart';
export { default as BarChart } from './bar-chart';
export type { BarChartProps, BarItem } from './bar-chart';
export * from './geometry';
