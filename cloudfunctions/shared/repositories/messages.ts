import type { TimeCursor } from '../domain/cursor';
import type { MessageDoc } from '../domain/messages';
import type { Db, Tx } from '../runtime/app';

export const MESSAGES_COLLECTION = 'messages';

/**
 * In-app messages (消息). Written inside the transaction of the change they announce, so a status
 * change and its message commit together; `_id`s are derived from the change, so a retried
 * transaction cannot write one twice.
 */
export function messagesRepo(db: Db) {
  const col = db.collection(MESSAGES_COLLECTION);
  const _ = db.command;
  return {
    async page(openid: string, cursor: TimeCursor | null, limit: number): Promise<MessageDoc[]> {
      const base = { openid };
      const where = cursor
        ? _.and([base, _.or([{ createdAt: _.lt(new Date(cursor.at)) }, { createdAt: new Date(cursor.at), _id: _.lt(cursor.id) }])])
        : base;
      const res = await col.where(where as Record<string, unknown>).orderBy('createdAt', 'desc').orderBy('_id', 'desc').limit(limit).get();
      return res.data as MessageDoc[];
    },

    async unread(openid: string): Promise<number> {
      const res = await col.where({ openid, read: false }).count();
      return res.total ?? 0;
    },

    /** Marks the caller's own messages read (all of them when no ids are given). */
    async markRead(openid: string, ids?: string[]): Promise<void> {
      const where: Record<string, unknown> = { openid, read: false };
      if (ids) where._id = _.in(ids);
      await col.where(where).update({ read: true });
    },

    /** A transition's messages in one request: a batch insert may carry the transaction (CloudBase's insert API). */
    async txAdd(tx: Tx, messages: MessageDoc[]): Promise<void> {
      if (messages.length > 0) await tx.collection(MESSAGES_COLLECTION).add(messages);
    },
  };
}
