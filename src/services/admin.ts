import type { RegionView, UserView } from '../../cloudfunctions/shared/contracts';
import type { GrantRolePayload, RevokeRolePayload } from '../../cloudfunctions/shared/contracts/admin';
import { call, type CallOptions } from './call';

export function grantRole(payload: GrantRolePayload, opts?: CallOptions): Promise<UserView> {
  return call('admin', 'grantRole', payload, opts);
}

export function revokeRole(payload: RevokeRolePayload, opts?: CallOptions): Promise<UserView> {
  return call('admin', 'revokeRole', payload, opts);
}

export function listRegions(opts?: CallOptions): Promise<RegionView[]> {
  return call('admin', 'listRegions', {}, opts);
}
