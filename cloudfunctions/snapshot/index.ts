import { emptyPayload } from '../shared/contracts/common';
import {
  categoriesPayload,
  dispatchPayload,
  idPayload,
  imageQueuePayload,
  listMinePayload,
  markReadPayload,
  nearbyPayload,
  pagePayload,
  queuePayload,
  ratePayload,
  resolvePayload,
  reviewImagePayload,
  reviewPayload,
  submitPayload,
  tasksPayload,
  upsertCategoryPayload,
} from '../shared/contracts/snapshot';
import { getDb } from '../shared/runtime/app';
import { action, createFunction } from '../shared/runtime/handler';
import { homeCounts } from '../shared/usecases/home';
import {
  assignees,
  dispatch,
  getReport,
  listCategories,
  listMessages,
  listMine,
  markRead,
  meToo,
  nearby,
  placeFeedback,
  queue,
  queueCounts,
  rate,
  resolve,
  review,
  submit,
  settings,
  tasks,
  unreadCount,
  upsertCategory,
} from '../shared/usecases/snapshot';
import { imageQueue, reviewImage } from '../shared/usecases/image-review';

export const actions = {
  categories: action(categoriesPayload, (caller, p) => listCategories(getDb(), caller, p)),
  upsertCategory: action(upsertCategoryPayload, (caller, p) => upsertCategory(getDb(), caller, p)),
  settings: action(emptyPayload, async (caller) => settings(caller)),
  submit: action(submitPayload, (caller, p) => submit(getDb(), caller, p)),
  nearby: action(nearbyPayload, (caller, p) => nearby(getDb(), caller, p)),
  meToo: action(idPayload, (caller, p) => meToo(getDb(), caller, p)),
  get: action(idPayload, (caller, p) => getReport(getDb(), caller, p)),
  listMine: action(listMinePayload, (caller, p) => listMine(getDb(), caller, p)),
  queue: action(queuePayload, (caller, p) => queue(getDb(), caller, p)),
  queueCounts: action(emptyPayload, (caller) => queueCounts(getDb(), caller)),
  homeCounts: action(emptyPayload, (caller) => homeCounts(getDb(), caller)),
  review: action(reviewPayload, (caller, p) => review(getDb(), caller, p)),
  assignees: action(idPayload, (caller, p) => assignees(getDb(), caller, p)),
  dispatch: action(dispatchPayload, (caller, p) => dispatch(getDb(), caller, p)),
  tasks: action(tasksPayload, (caller, p) => tasks(getDb(), caller, p)),
  resolve: action(resolvePayload, (caller, p) => resolve(getDb(), caller, p)),
  rate: action(ratePayload, (caller, p) => rate(getDb(), caller, p)),
  placeFeedback: action(pagePayload, (caller, p) => placeFeedback(getDb(), caller, p)),
  imageQueue: action(imageQueuePayload, (caller, p) => imageQueue(getDb(), caller, p)),
  reviewImage: action(reviewImagePayload, (caller, p) => reviewImage(getDb(), caller, p)),
  messages: action(pagePayload, (caller, p) => listMessages(getDb(), caller, p)),
  unreadCount: action(emptyPayload, (caller) => unreadCount(getDb(), caller)),
  markRead: action(markReadPayload, (caller, p) => markRead(getDb(), caller, p)),
};

export const main = createFunction('snapshot', actions);
