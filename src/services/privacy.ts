import { useSyncExternalStore } from 'react';

/**
 * WeChat privacy authorization (weapp): app.tsx registers Taro.onNeedPrivacyAuthorization and hands the
 * pending `resolve` here; the PrivacySheet on the current page shows while one is pending.
 */
export type PrivacyResolve = (option: { event: 'exposureAuthorization' | 'agree' | 'disagree'; buttonId?: string }) => void;

let pending: PrivacyResolve | null = null;
const listeners = new Set<() => void>();

function emit(): void {
  listeners.forEach((l) => l());
}

export function requestPrivacy(resolve: PrivacyResolve): void {
  // A newer request supersedes an unanswered one: WeChat only waits on the latest.
  pending = resolve;
  emit();
}

export function answerPrivacy(option: { event: 'agree' | 'disagree'; buttonId?: string }): void {
  const resolve = pending;
  pending = null;
  emit();
  resolve?.(option);
}

export function isPrivacyPending(): boolean {
  return pending !== null;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function usePrivacyPending(): boolean {
  return useSyncExternalStore(subscribe, isPrivacyPending, isPrivacyPending);
}
