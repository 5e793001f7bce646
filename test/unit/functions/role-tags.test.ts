// The people list tags a person by what they do: 新就业群体 only for riders, couriers and drivers, not
// for every staff member, grid worker and shop owner (who all hold the base worker role).
import { roleTags } from '../../../src/constants/labels';

test('staff, grid workers and merchants are not tagged 新就业群体; riders are', () => {
  expect(roleTags(['worker'], '')).toEqual(['worker']);
  expect(roleTags(['worker'], 'delivery')).toEqual(['worker']);
  expect(roleTags(['worker', 'staff'], '')).toEqual(['staff']);
  expect(roleTags(['worker', 'gridworker'], '')).toEqual(['gridworker']);
  expect(roleTags(['worker', 'merchant'], 'other')).toEqual(['merchant']);
  expect(roleTags(['worker', 'admin'], '')).toEqual(['admin']);
  // A courier who also runs a shop is both.
  expect(roleTags(['worker', 'merchant'], 'courier')).toEqual(['worker', 'merchant']);
});
