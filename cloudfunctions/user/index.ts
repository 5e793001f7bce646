import { emptyPayload } from '../shared/contracts/common';
import { updateProfilePayload } from '../shared/contracts/user';
import { getDb } from '../shared/runtime/app';
import { action, createFunction } from '../shared/runtime/handler';
import { login, me, updateProfile } from '../shared/usecases/user';

export const actions = {
  login: action(emptyPayload, (caller) => login(getDb(), caller)),
  me: action(emptyPayload, (caller) => me(caller)),
  updateProfile: action(updateProfilePayload, (caller, p) => updateProfile(getDb(), caller, p)),
};

export const main = createFunction('user', actions);
