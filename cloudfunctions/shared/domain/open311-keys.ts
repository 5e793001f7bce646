import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys for partner systems (a district's 12345 hotline, a city operations platform). A key is
 * `o311_<id>_<secret>`: the id finds the stored record, the secret proves possession. Only the
 * SHA-256 of the whole key is stored, so a copy of the database cannot be used to file reports;
 * the key itself is shown once, when it is issued.
 */
export interface ApiKeyDoc {
  _id: string;
  /** The partner system, e.g. 「12345 热线」; shown to staff as the report's source. */
  name: string;
  /** Communities the partner may file into; a location routed elsewhere is refused. */
  communities: string[];
  /** Calls per minute with this key. */
  ratePerMinute: number;
  /** Reports per Shanghai day filed with this key. */
  dailyLimit: number;
  hash: string;
  /** The first characters of the key, so people can tell keys apart without seeing them. */
  prefix: string;
  status: 'active' | 'revoked';
  createdAt: Date;
  createdBy: string;
  revokedAt: Date | null;
  revokedBy: string | null;
}

export const KEY_PATTERN = /^o311_([a-f0-9]{12})_([A-Za-z0-9_-]{43})$/;
export const DEFAULT_KEY_RATE_PER_MINUTE = 60;
export const DEFAULT_KEY_DAILY_LIMIT = 500;

export function hashKey(key: string): string {
  return createHash('sha256').update(`open311-key\n${key}`).digest('hex');
}

/** The key id for one issue request: the same admin retrying the same requestId gets the same id (and is refused). */
export function keyIdFor(actor: string, requestId: string): string {
  return createHash('sha256').update(`open311-key-id\n${actor}\n${requestId}`).digest('hex').slice(0, 12);
}

export function newKey(id: string): { id: string; key: string; hash: string; prefix: string } {
  const key = `o311_${id}_${randomBytes(32).toString('base64url')}`;
  return { id, key, hash: hashKey(key), prefix: key.slice(0, 17) };
}

/** The key id a presented key names, or null when it is not shaped like one of ours. */
export function keyIdOf(key: string): string | null {
  const m = KEY_PATTERN.exec(key);
  return m ? m[1] : null;
}

/** Whether a presented key is the one stored (constant-time on the hashes). */
export function keyMatches(doc: Pick<ApiKeyDoc, 'hash'>, key: string): boolean {
  const a = Buffer.from(hashKey(key), 'hex');
  const b = Buffer.from(doc.hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The reporter identity a partner's reports are filed under: never a person, never shown. */
export function partnerReporter(keyId: string): string {
  return `open311-${keyId}`;
}

/** The line staff see on a report filed through Open311. */
export function sourceLabel(name: string): string {
  return `来源：${name}（Open311）`;
}

/** Fixed one-minute windows: the window a moment falls in, as part of a counter's id. */
export function minuteWindow(at: Date): string {
  return new Date(Math.floor(at.getTime() / 60_000) * 60_000).toISOString().slice(0, 16);
}
