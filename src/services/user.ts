import type { UserView } from '../../cloudfunctions/shared/contracts';
import type { CommunityChoices, MyDataExport, UpdateProfilePayload } from '../../cloudfunctions/shared/contracts/user';
import { call, LONG_CALL_MS, type CallOptions } from './call';

export type { CommunityChoices, MyDataExport, UpdateProfilePayload };

export function login(opts?: CallOptions): Promise<UserView> {
  return call('user', 'login', {}, opts);
}

export function me(opts?: CallOptions): Promise<UserView> {
  return call('user', 'me', {}, opts);
}

export function updateProfile(payload: UpdateProfilePayload, opts?: CallOptions): Promise<UserView> {
  return call('user', 'updateProfile', payload, opts);
}

/** Communities to choose from, and the one holding `location` when given. */
export function communities(location?: { lat: number; lng: number }, opts?: CallOptions): Promise<CommunityChoices> {
  return call('user', 'communities', location ? { location } : {}, opts);
}

/** Everything stored about the caller, as a JSON file (its temporary link). */
export function exportMine(opts?: CallOptions): Promise<MyDataExport> {
  return call('user', 'exportMine', {}, { timeoutMs: LONG_CALL_MS, ...opts });
}

export function deleteMe(confirm: '注销', opts?: CallOptions): Promise<{ deleted: true }> {
  return call('user', 'deleteMe', { confirm }, { timeoutMs: LONG_CALL_MS, ...opts });
}
