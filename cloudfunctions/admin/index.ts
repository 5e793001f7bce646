import { auditLogPayload, grantRolePayload, importRegionsPayload, listUsersPayload, revokeRolePayload, setBannedPayload } from '../shared/contracts/admin';
import { emptyPayload } from '../shared/contracts/common';
import { getDb } from '../shared/runtime/app';
import { action, createFunction } from '../shared/runtime/handler';
import { auditLog, grantRole, importRegions, listRegions, listUsers, revokeRole, setBanned } from '../shared/usecases/admin';

export const actions = {
  grantRole: action(grantRolePayload, (caller, p) => grantRole(getDb(), caller, p)),
  revokeRole: action(revokeRolePayload, (caller, p) => revokeRole(getDb(), caller, p)),
  listRegions: action(emptyPayload, () => listRegions(getDb())),
  importRegions: action(importRegionsPayload, (caller, p) => importRegions(getDb(), caller, p)),
  listUsers: action(listUsersPayload, (caller, p) => listUsers(getDb(), caller, p)),
  setBanned: action(setBannedPayload, (caller, p) => setBanned(getDb(), caller, p)),
  auditLog: action(auditLogPayload, (_caller, p) => auditLog(getDb(), p)),
};

export const main = createFunction('admin', actions);
