import type { RegionView, UserView } from '../../cloudfunctions/shared/contracts';
import type {
  AuditEntryView,
  AuditLogPayload,
  GrantRolePayload,
  ImportRegionsPayload,
  ListUsersPayload,
  Page,
  RevokeRolePayload,
  SetBannedPayload,
} from '../../cloudfunctions/shared/contracts/admin';
import { call, LONG_CALL_MS, type CallOptions } from './call';

export type { AuditEntryView, AuditLogPayload, ListUsersPayload, Page, RegionView };

export function grantRole(payload: GrantRolePayload, opts?: CallOptions): Promise<UserView> {
  return call('admin', 'grantRole', payload, opts);
}

export function revokeRole(payload: RevokeRolePayload, opts?: CallOptions): Promise<UserView> {
  return call('admin', 'revokeRole', payload, opts);
}

export function listRegions(opts?: CallOptions): Promise<RegionView[]> {
  return call('admin', 'listRegions', {}, opts);
}

export const importRegions = (p: ImportRegionsPayload, opts?: CallOptions) => call('admin', 'importRegions', p, { timeoutMs: LONG_CALL_MS, ...opts });
export const listUsers = (p: ListUsersPayload, opts?: CallOptions) => call('admin', 'listUsers', p, opts);
export const setBanned = (p: SetBannedPayload, opts?: CallOptions) => call('admin', 'setBanned', p, opts);
export const auditLog = (p: AuditLogPayload, opts?: CallOptions) => call('admin', 'auditLog', p, opts);
