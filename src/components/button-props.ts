// Taro H5 renders `disabled={false}` / `loading={false}` as attributes, which its CSS treats as set
// (faded text, spinner colours): spread these instead, so the attribute exists only when true.
export const busyProps = (busy: boolean): { loading?: boolean; disabled?: boolean } => (busy ? { loading: true, disabled: true } : {});
export const disabledProps = (disabled: boolean): { disabled?: boolean } => (disabled ? { disabled: true } : {});
export const loadingProps = (loading: boolean): { loading?: boolean } => (loading ? { loading: true } : {});
