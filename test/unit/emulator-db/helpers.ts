import { EJSON } from 'bson';
import { openDatabase, type DatabaseOptions, type EmulatedDatabase } from '../../../emulator/db';

export const ej = (v: unknown): string => EJSON.stringify(v as object, { relaxed: false });

/** A thin client speaking the wire format, so engine tests read like SDK calls. */
export function client(opts: DatabaseOptions = {}) {
  const db: EmulatedDatabase = openDatabase(opts);
  const call = (body: Record<string, unknown>) => db.handle(body);
  const ok = async (body: Record<string, unknown>): Promise<any> => {
    const r = await call(body);
    if (r.code) throw Object.assign(new Error(r.message), { code: r.code });
    return r;
  };
  const list = (r: any): any[] => (r.data.list as string[]).map((s) => EJSON.parse(s));
  return {
    db,
    call,
    ok,
    add: async (coll: string, ...docs: unknown[]) => (await ok({ action: 'database.insertDocument', collectionName: coll, data: docs.map(ej) })).data.insertedIds as string[],
    where: async (coll: string, query: unknown, extra: Record<string, unknown> = {}) =>
      list(await ok({ action: 'database.getDocument', collectionName: coll, queryType: 'WHERE', query: ej(query), ...extra })),
    doc: async (coll: string, id: string, tx?: string) =>
      list(await ok({ action: 'database.getDocument', collectionName: coll, queryType: 'DOC', query: ej({ _id: id }), transactionId: tx }))[0] ?? null,
    update: async (coll: string, query: unknown, data: unknown, extra: Record<string, unknown> = {}) =>
      (await ok({ action: 'database.modifyDocument', collectionName: coll, queryType: 'WHERE', multi: true, merge: true, query: ej(query), data: ej(data), ...extra })).data,
    updateDoc: (coll: string, id: string, data: unknown, tx?: string) =>
      call({ action: 'database.modifyDocument', collectionName: coll, queryType: 'DOC', multi: false, merge: true, upsert: false, query: ej({ _id: id }), data: ej(data), transactionId: tx }),
    aggregate: async (coll: string, stages: Array<Record<string, unknown>>) =>
      list(await ok({ action: 'database.aggregateDocuments', collectionName: coll, stages: stages.map((s) => { const k = Object.keys(s)[0]; return { stageKey: k, stageValue: ej(s[k]) }; }) })),
  };
}
