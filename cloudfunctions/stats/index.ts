import { exportPayload, overviewPayload } from '../shared/contracts/stats';
import { getDb } from '../shared/runtime/app';
import { action, createFunction } from '../shared/runtime/handler';
import { exportCsv, overview } from '../shared/usecases/stats';

export const actions = {
  overview: action(overviewPayload, (caller, p) => overview(getDb(), caller, p)),
  export: action(exportPayload, (caller, p) => exportCsv(getDb(), caller, p)),
};

export const main = createFunction('stats', actions);
