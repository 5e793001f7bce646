import { auditLogPayload, grantRolePayload, importRegionsPayload, listUsersPayload, reviewNamePayload, revokeRolePayload, setBannedPayload } from '../shared/contracts/admin';
import { emptyPayload } from '../shared/contracts/common';
import { issueApiKeyPayload, revokeApiKeyPayload, setOpen311PublicPayload } from '../shared/contracts/open311';
import { getDb } from '../shared/runtime/app';
import { action, createFunction } from '../shared/runtime/handler';
import { auditLog, grantRole, importRegions, listRegions, listUsers, reviewName, revokeRole, setBanned } from '../shared/usecases/admin';
import { issueApiKey, listApiKeys, open311Settings, revokeApiKey, setOpen311Public } from '../shared/usecases/open311-admin';

export const actions = {
  grantRole: action(grantRolePayload, (caller, p) => grantRole(getDb(), caller, p)),
  revokeRole: action(revokeRolePayload, (caller, p) => revokeRole(getDb(), caller, p)),
  listRegions: action(emptyPayload, () => listRegions(getDb())),
  importRegions: action(importRegionsPayload, (caller, p) => importRegions(getDb(), caller, p)),
  listUsers: action(listUsersPayload, (caller, p) => listUsers(getDb(), caller, p)),
  setBanned: action(setBannedPayload, (caller, p) => setBanned(getDb(), caller, p)),
  reviewName: action(reviewNamePayload, (caller, p) => reviewName(getDb(), caller, p)),
  auditLog: action(auditLogPayload, (_caller, p) => auditLog(getDb(), p)),
  // Open311 partner keys and public reading (pkg-admin/open311).
  listApiKeys: action(emptyPayload, () => listApiKeys(getDb())),
  issueApiKey: action(issueApiKeyPayload, (caller, p) => issueApiKey(getDb(), caller, p)),
  revokeApiKey: action(revokeApiKeyPayload, (caller, p) => revokeApiKey(getDb(), caller, p)),
  open311Settings: action(emptyPayload, () => open311Settings(getDb())),
  setOpen311Public: action(setOpen311PublicPayload, (caller, p) => setOpen311Public(getDb(), caller, p)),
};

export const main = createFunction('admin', actions);
