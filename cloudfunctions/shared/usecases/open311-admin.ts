import type {
  ApiKeyView,
  IssueApiKeyPayload,
  IssuedApiKey,
  Open311DistrictSetting,
  Open311SettingsView,
  RevokeApiKeyPayload,
  SetOpen311PublicPayload,
} from '../contracts/open311';
import { OPEN311_BASE } from '../domain/open311';
import { DEFAULT_KEY_DAILY_LIMIT, DEFAULT_KEY_RATE_PER_MINUTE, keyIdFor, newKey, type ApiKeyDoc } from '../domain/open311-keys';
import { AppError } from '../errors';
import { appendAudit } from '../repositories/audit';
import { open311Repo } from '../repositories/open311';
import { regionsRepo } from '../repositories/regions';
import { isDuplicateKey } from '../repositories/users';
import { inTransaction, type Db } from '../repositories/transactions';
import type { Caller } from '../domain/user';

/** What an audit entry keeps of a key: never its hash. */
function auditable(k: ApiKeyDoc) {
  return { name: k.name, prefix: k.prefix, communities: k.communities, ratePerMinute: k.ratePerMinute, dailyLimit: k.dailyLimit, status: k.status };
}

function toView(k: ApiKeyDoc, names: Map<string, string>): ApiKeyView {
  return {
    id: k._id,
    name: k.name,
    prefix: k.prefix,
    communities: k.communities.map((id) => ({ id, name: names.get(id) ?? id })),
    ratePerMinute: k.ratePerMinute,
    dailyLimit: k.dailyLimit,
    status: k.status,
    createdAt: new Date(k.createdAt).toISOString(),
    revokedAt: k.revokedAt ? new Date(k.revokedAt).toISOString() : null,
  };
}

async function communityNames(db: Db): Promise<Map<string, string>> {
  const all = await regionsRepo(db).listAll();
  return new Map(all.filter((r) => r.level === 'community').map((r) => [r._id, r.name]));
}

export async function listApiKeys(db: Db): Promise<ApiKeyView[]> {
  const [keys, names] = await Promise.all([open311Repo(db).listKeys(), communityNames(db)]);
  return keys.map((k) => toView(k, names));
}

/**
 * Issues one key for one partner system, scoped to communities. The key is returned this once;
 * only its hash is stored. The issue and its audit entry are one transaction.
 */
export async function issueApiKey(db: Db, caller: Caller, p: IssueApiKeyPayload, now = new Date()): Promise<IssuedApiKey> {
  const names = await communityNames(db);
  const communities = [...new Set(p.communities)];
  const unknown = communities.find((c) => !names.has(c));
  if (unknown) throw new AppError('INPUT.INVALID', `社区不存在：${unknown}`.slice(0, 80), 'payload.communities');
  const made = newKey(keyIdFor(caller.openid, p.requestId));
  const doc: ApiKeyDoc = {
    _id: made.id,
    name: p.name,
    communities,
    ratePerMinute: p.ratePerMinute ?? DEFAULT_KEY_RATE_PER_MINUTE,
    dailyLimit: p.dailyLimit ?? DEFAULT_KEY_DAILY_LIMIT,
    hash: made.hash,
    prefix: made.prefix,
    status: 'active',
    createdAt: now,
    createdBy: caller.openid,
    revokedAt: null,
    revokedBy: null,
  };
  const repo = open311Repo(db);
  try {
    await inTransaction(db, async (tx) => {
      await repo.txAddKey(tx, doc);
      await appendAudit(tx, { actor: caller.openid, action: 'admin.issueApiKey', target: { type: 'open311_key', id: doc._id }, before: null, after: auditable(doc), at: now });
    });
  } catch (err) {
    // A retried request: the key was issued and shown then; it cannot be shown again.
    if (isDuplicateKey(err)) throw new AppError('OPEN311.KEY_ALREADY_ISSUED', '这次签发已经完成，密钥只显示一次；如已遗失，请吊销后重新签发');
    throw err;
  }
  return { key: made.key, item: toView(doc, names) };
}

export async function revokeApiKey(db: Db, caller: Caller, p: RevokeApiKeyPayload, now = new Date()): Promise<ApiKeyView> {
  const repo = open311Repo(db);
  const doc = await inTransaction(db, async (tx) => {
    const k = await repo.txFindKey(tx, p.id);
    if (!k) throw new AppError('NOT_FOUND', '密钥不存在');
    if (k.status === 'revoked') return k;
    const patch = { status: 'revoked' as const, revokedAt: now, revokedBy: caller.openid };
    await repo.txUpdateKey(tx, p.id, patch);
    await appendAudit(tx, { actor: caller.openid, action: 'admin.revokeApiKey', target: { type: 'open311_key', id: p.id }, before: { status: k.status }, after: { status: 'revoked' }, at: now });
    return { ...k, ...patch };
  });
  return toView(doc, await communityNames(db));
}

export async function open311Settings(db: Db): Promise<Open311SettingsView> {
  const districts = (await regionsRepo(db).listAll()).filter((r) => r.level === 'district');
  const open = await open311Repo(db).publicReadOf(districts.map((d) => d._id));
  return { basePath: `${OPEN311_BASE}/v2/`, districts: districts.map((d) => ({ districtId: d._id, name: d.name, publicRead: open.get(d._id) ?? true })) };
}

/** Turns public (keyless) reading of one district's services and requests on or off; audited. */
export async function setOpen311Public(db: Db, caller: Caller, p: SetOpen311PublicPayload, now = new Date()): Promise<Open311DistrictSetting> {
  const district = await regionsRepo(db).find(p.districtId);
  if (!district || district.level !== 'district') throw new AppError('INPUT.INVALID', '区不存在', 'payload.districtId');
  const repo = open311Repo(db);
  await inTransaction(db, async (tx) => {
    const before = await repo.txFindSettings(tx, p.districtId);
    await repo.txSetSettings(tx, { _id: p.districtId, publicRead: p.publicRead, updatedAt: now, updatedBy: caller.openid });
    await appendAudit(tx, { actor: caller.openid, action: 'admin.setOpen311Public', target: { type: 'district', id: p.districtId }, before: { publicRead: before?.publicRead ?? true }, after: { publicRead: p.publicRead }, at: now });
  });
  return { districtId: p.districtId, name: district.name, publicRead: p.publicRead };
}
