/**
 * A new category's code is made here, never typed: people name categories, codes only link reports to
 * them. Lower-case letters and digits, as the contract requires, and unique enough for one district.
 */
export function newCategoryCode(now = Date.now(), random = Math.random): string {
  return `c${now.toString(36)}${Math.floor(random() * 36 ** 3).toString(36).padStart(3, '0')}`;
}
