// Numbered names (grids, communities) sort as people count, not by the pinyin of the numeral.
import { naturalCompare } from '../../../cloudfunctions/shared/isomorphic/order';

test('Chinese and Arabic numerals compare by value', () => {
  const grids = ['荷城十二网格', '荷城二网格', '荷城三网格', '荷城十网格', '荷城一网格', '荷城二十网格', '荷城九网格'];
  expect([...grids].sort(naturalCompare)).toEqual(['荷城一网格', '荷城二网格', '荷城三网格', '荷城九网格', '荷城十网格', '荷城十二网格', '荷城二十网格']);
  expect(['第10网格', '第9网格', '第1网格'].sort(naturalCompare)).toEqual(['第1网格', '第9网格', '第10网格']);
});

test('names without numbers keep the Chinese text order, and equal names compare equal', () => {
  expect(['石羊塘社区', '荷城社区', '港宁社区'].sort(naturalCompare)).toEqual([...['石羊塘社区', '荷城社区', '港宁社区']].sort((a, b) => a.localeCompare(b, 'zh')));
  expect(naturalCompare('荷城一网格', '荷城一网格')).toBe(0);
  expect(naturalCompare('荷城网格', '荷城一网格')).toBeGreaterThan(0);
});
