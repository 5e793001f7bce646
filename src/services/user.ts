import type { UserView } from '../../cloudfunctions/shared/contracts';
import type { UpdateProfilePayload } from '../../cloudfunctions/shared/contracts/user';
import { call, type CallOptions } from './call';

export type { UpdateProfilePayload };

export function login(opts?: CallOptions): Promise<UserView> {
  return call('user', 'login', {}, opts);
}

export function me(opts?: CallOptions): Promise<UserView> {
  return call('user', 'me', {}, opts);
}

export function updateProfile(payload: UpdateProfilePayload, opts?: CallOptions): Promise<UserView> {
  return call('user', 'updateProfile', payload, opts);
}
