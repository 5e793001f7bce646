// Shared by the points integration tests: earning as the 随手拍 function does it (postEntry in a
// transaction, through the real SDK), and the audit of every balance against its ledger.
import type { LedgerKind } from '../../cloudfunctions/shared/domain/points';
import { postEntry } from '../../cloudfunctions/shared/repositories/ledger';
import { inTransaction, type Db } from '../../cloudfunctions/shared/runtime/app';
import type { TestEmulator } from '../helpers/emulator';

export function dbOf(emu: TestEmulator): Db {
  return emu.app.database() as unknown as Db;
}

/** An accepted report's award (or volunteer hours), posted exactly as the snapshot function posts it. */
export async function earn(emu: TestEmulator, openid: string, points: number, key: string, at = new Date(), kind: LedgerKind = 'award') {
  return inTransaction(dbOf(emu), (tx) =>
    postEntry(tx, { key, openid, delta: points, kind, reason: '随手拍上报被采纳：道路破损', ref: { type: 'report', id: key }, actor: 'demo-staff-1' }, at),
  );
}

export async function all<T>(emu: TestEmulator, collection: string, where: object = {}): Promise<T[]> {
  const out: T[] = [];
  for (let skip = 0; ; skip += 1000) {
    const res = await emu.app.database().collection(collection).where(where).skip(skip).limit(1000).get();
    out.push(...(res.data as T[]));
    if (res.data.length < 1000) return out;
  }
}

/** For every user: balance = sum of their ledger, never negative; earned and spent match their kinds too. */
export async function expectLedgersBalance(emu: TestEmulator): Promise<number> {
  const users = await all<{ _id: string; points: { balance: number; earned: number; spent: number } }>(emu, 'users');
  const ledger = await all<{ openid: string; delta: number; kind: LedgerKind }>(emu, 'ledger');
  const sums = new Map<string, { balance: number; earned: number; spent: number }>();
  for (const e of ledger) {
    const s = sums.get(e.openid) ?? { balance: 0, earned: 0, spent: 0 };
    s.balance += e.delta;
    if (e.kind === 'award' || e.kind === 'volunteer') s.earned += e.delta;
    if (e.kind === 'redeem' || e.kind === 'refund') s.spent -= e.delta;
    sums.set(e.openid, s);
  }
  const wrong = users
    .map((u) => ({ openid: u._id, stored: { balance: u.points.balance, earned: u.points.earned, spent: u.points.spent }, ledger: sums.get(u._id) ?? { balance: 0, earned: 0, spent: 0 } }))
    .filter((r) => r.stored.balance !== r.ledger.balance || r.stored.earned !== r.ledger.earned || r.stored.spent !== r.ledger.spent || r.stored.balance < 0);
  expect(wrong).toEqual([]);
  return users.length;
}
