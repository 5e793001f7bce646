import { useSyncExternalStore } from 'react';
import type { UserView } from '../../cloudfunctions/shared/contracts';
import { ApiCallError } from './errors';
import { getDevOpenid } from './dev-account';
import * as userService from './user';

/**
 * The logged-in user, shared by every page: a tiny store with subscribe, read through `useSession()`.
 * status: idle (nothing yet) → loading → ready | error; `needs-account` = H5 dev build with no demo account picked.
 */
export type SessionStatus = 'idle' | 'loading' | 'ready' | 'error' | 'needs-account';

export interface SessionState {
  status: SessionStatus;
  user: UserView | null;
  error: string;
}

const initial: SessionState = { status: 'idle', user: null, error: '' };
let state: SessionState = initial;
const listeners = new Set<() => void>();
let inflight: Promise<UserView | null> | null = null;

function set(next: Partial<SessionState>): void {
  state = { ...state, ...next };
  listeners.forEach((l) => l());
}

export function getSession(): SessionState {
  return state;
}

export function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function useSession(): SessionState {
  return useSyncExternalStore(subscribe, getSession, getSession);
}

/** True when the H5 emulator build has no demo account yet: the account picker must come first. */
export function needsDevAccount(): boolean {
  if (process.env.TARO_APP_DEV_LOGIN === '1') {
    return process.env.TARO_ENV !== 'weapp' && !getDevOpenid();
  }
  return false;
}

/** Log in (user.login creates the user on first launch). Concurrent callers share one request. */
export function login(): Promise<UserView | null> {
  if (needsDevAccount()) {
    set({ status: 'needs-account', user: null, error: '' });
    return Promise.resolve(null);
  }
  if (inflight) return inflight;
  set({ status: 'loading', error: '' });
  inflight = userService
    .login({ silent: true })
    .then((user) => {
      set({ status: 'ready', user, error: '' });
      return user;
    })
    .catch((err: unknown) => {
      const message = err instanceof ApiCallError ? err.message : '登录失败，请稍后重试';
      set({ status: 'error', user: null, error: message });
      return null;
    })
    .finally(() => {
      inflight = null;
    });
  return inflight;
}

/** Log in unless already logged in or logging in. */
export function ensureLogin(): Promise<UserView | null> {
  if (state.status === 'ready') return Promise.resolve(state.user);
  return login();
}

/** Replace the user after an update (updateProfile returns the new UserView). */
export function setUser(user: UserView): void {
  set({ status: 'ready', user, error: '' });
}

/** Forget the user (switching demo accounts). */
export function resetSession(): void {
  inflight = null;
  set(initial);
}

/**
 * Re-reads the user (balance, roles, profile) without a loading state: pages call it when shown
 * again, so a balance spent on another page is never stale. A reply for an account that is no longer
 * the current one is dropped.
 */
export function refreshUser(): Promise<void> {
  const openid = state.user?.openid;
  if (state.status !== 'ready' || !openid) return Promise.resolve();
  return Promise.resolve()
    .then(() => userService.me({ silent: true }))
    .then((user) => {
      if (state.status === 'ready' && state.user?.openid === openid && user.openid === openid) set({ user });
    })
    .catch(() => undefined);
}
