import {
  applyPayload,
  getPayload,
  listPayload,
  managePayload,
  nearbyPayload,
  queuePayload,
  reviewPayload,
  suspendPayload,
  updatePayload,
  upsertStationPayload,
} from '../shared/contracts/place';
import { getDb } from '../shared/runtime/app';
import { action, createFunction } from '../shared/runtime/handler';
import { apply, getPlace, manage, mine, nearby, queue, review, suspend, update, upsertStation } from '../shared/usecases/place';

export const actions = {
  nearby: action(nearbyPayload, (caller, p) => nearby(getDb(), caller, p)),
  get: action(getPayload, (caller, p) => getPlace(getDb(), caller, p)),
  apply: action(applyPayload, (caller, p) => apply(getDb(), caller, p)),
  mine: action(listPayload, (caller, p) => mine(getDb(), caller, p)),
  update: action(updatePayload, (caller, p) => update(getDb(), caller, p)),
  queue: action(queuePayload, (caller, p) => queue(getDb(), caller, p)),
  review: action(reviewPayload, (caller, p) => review(getDb(), caller, p)),
  upsertStation: action(upsertStationPayload, (caller, p) => upsertStation(getDb(), caller, p)),
  suspend: action(suspendPayload, (caller, p) => suspend(getDb(), caller, p)),
  manage: action(managePayload, (caller, p) => manage(getDb(), caller, p)),
};

export const main = createFunction('place', actions);
