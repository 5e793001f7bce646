import { grantRolePayload, revokeRolePayload } from '../shared/contracts/admin';
import { emptyPayload } from '../shared/contracts/common';
import { getDb } from '../shared/runtime/app';
import { action, createFunction } from '../shared/runtime/handler';
import { grantRole, listRegions, revokeRole } from '../shared/usecases/admin';

export const actions = {
  grantRole: action(grantRolePayload, (caller, p) => grantRole(getDb(), caller, p)),
  revokeRole: action(revokeRolePayload, (caller, p) => revokeRole(getDb(), caller, p)),
  listRegions: action(emptyPayload, () => listRegions(getDb())),
};

export const main = createFunction('admin', actions);
