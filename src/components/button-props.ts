// Taro H5 renders `disabled={false}` / `loading={false}` as attributes, which its CSS treats as set
// (faded text, spinner colours): spread these instead, so the attribute exists only when true.
//
// No `loading` on H5: Taro's H5 Button renders its spinner as a node inserted before its slot, and when
// React changes the button's text in the same update (保存 → 保存中…) the slot's marker node is gone
// and the browser throws NotFoundError (insertBefore). The busy text says it there; weapp's native
// button draws its own spinner.
const SPINNER = process.env.TARO_ENV === 'weapp';

export const busyProps = (busy: boolean): { loading?: boolean; disabled?: boolean } => (busy ? (SPINNER ? { loading: true, disabled: true } : { disabled: true }) : {});
export const disabledProps = (disabled: boolean): { disabled?: boolean } => (disabled ? { disabled: true } : {});
export const loadingProps = (loading: boolean): { loading?: boolean } => (loading && SPINNER ? { loading: true } : {});
