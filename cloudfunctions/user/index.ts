import { emptyPayload } from '../shared/contracts/common';
import { communitiesPayload, deleteMePayload, updateProfilePayload } from '../shared/contracts/user';
import { getDb } from '../shared/runtime/app';
import { action, createFunction } from '../shared/runtime/handler';
import { communities } from '../shared/usecases/communities';
import { deleteMe, exportMine } from '../shared/usecases/privacy';
import { login, me, updateProfile } from '../shared/usecases/user';

export const actions = {
  login: action(emptyPayload, (caller) => login(getDb(), caller)),
  me: action(emptyPayload, (caller) => me(caller)),
  updateProfile: action(updateProfilePayload, (caller, p) => updateProfile(getDb(), caller, p)),
  exportMine: action(emptyPayload, (caller) => exportMine(getDb(), caller)),
  deleteMe: action(deleteMePayload, (caller) => deleteMe(getDb(), caller)),
  communities: action(communitiesPayload, (_caller, p) => communities(getDb(), p)),
};

export const main = createFunction('user', actions);
