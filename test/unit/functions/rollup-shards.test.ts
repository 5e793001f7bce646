// Which rollup shard an instance writes: its function's own first; after a conflict, another one
// for good, so several instances of one function stop conflicting on one document.
import { applyRollups, writeRollupsAs } from '../../../cloudfunctions/shared/repositories/rollups';
import { dayTarget, RollupChanges, shardOf } from '../../../cloudfunctions/shared/domain/rollups';
import type { Tx } from '../../../cloudfunctions/shared/runtime/app';

function fakeTx(attempt: number, written: string[]): Tx {
  const doc = (id: string) => ({
    update: async () => {
      written.push(id);
      return { updated: 1 };
    },
    set: async () => undefined,
  });
  return { attempt, command: { inc: (n: number) => ({ $inc: n }) }, collection: () => ({ doc }) } as unknown as Tx;
}

const changes = () => new RollupChanges().add(dayTarget('2026-12-02', 'community-hecheng'), { 'points.redeem': -10 });
const shardIn = (id: string) => Number(id.split('~')[3] ?? 0);

test('an instance writes its function\'s shard until a conflict, then another one from then on', async () => {
  const written: string[] = [];
  writeRollupsAs('points');
  await applyRollups(fakeTx(1, written), changes(), new Date());
  expect(shardIn(written[0])).toBe(shardOf('points'));

  const random = jest.spyOn(Math, 'random').mockReturnValue(0.99);
  await applyRollups(fakeTx(2, written), changes(), new Date()); // the transaction ran again after a conflict
  random.mockRestore();
  await applyRollups(fakeTx(1, written), changes(), new Date()); // the next call, first attempt
  expect(shardIn(written[1])).toBe(7);
  expect(shardIn(written[2])).toBe(7);
  expect(shardOf('points')).not.toBe(7);
});
