// What erasing a person does to each kind of document, as plain functions. The person's openid is
// replaced by a pseudonym drawn at random when the erasure starts and kept only on their own user
// document until it is removed at the end, so nothing links the pseudonym back to the openid (a hash
// of the openid would: anyone holding the openid could recompute it). Names and phone numbers the
// person left in other documents are cleared; what audit and the ledger need stays, under the pseudonym.
import { randomBytes } from 'node:crypto';
import type { PlaceDoc } from './place';
import type { ReportDoc, StoredPhoto, TimelineEntry } from './report';
import type { RedemptionDoc } from './rewards';

/** How others see an erased person wherever a name was shown. */
export const ERASED_NAME = '已注销用户';

export interface Erasure {
  openid: string;
  pseudonym: string;
  /** Every name the person went by in stored documents (profile now, and as copied then). */
  names: string[];
  /** Stand-ins an earlier erasure left as the reporter (a hash of the openid), replaced too. */
  aliases?: string[];
}

export function newPseudonym(): string {
  return `erased-${randomBytes(12).toString('hex')}`;
}

/** A redemption code that no typed or scanned code can match (codes are upper-case base32). */
export function voidCode(): string {
  return `void-${randomBytes(12).toString('hex')}`;
}

const replaceId = (s: string, e: Erasure) => (s.includes(e.openid) ? s.split(e.openid).join(e.pseudonym) : s);

/**
 * Deep copy with every occurrence of the openid (ids, keys, file paths inside strings) replaced, and
 * with `names` also the person's names inside text (notes staff wrote about them, e.g. 派给网格员某某).
 */
export function scrubIds<T>(value: T, e: Erasure, names = false): T {
  if (typeof value === 'string') return (names ? scrubNames(replaceId(value, e), e) : replaceId(value, e)) as unknown as T;
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((v) => scrubIds(v, e, names)) as unknown as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[replaceId(k, e)] = scrubIds(v, e, names);
  return out as T;
}

/** Free text written for others (message bodies, notes) with the person's names taken out. */
export function scrubNames(text: string, e: Erasure): string {
  let out = text;
  for (const name of e.names) if (name && name !== ERASED_NAME) out = out.split(name).join(ERASED_NAME);
  return out;
}

const photoIds = (photos: readonly StoredPhoto[] | undefined) => (photos ?? []).map((p) => p.fileID).filter(Boolean);

/**
 * A report the person filed, handled or appears in. As reporter: the report stays (the street
 * problem is public work) under the pseudonym, marked `reporterErased` so no award or message goes
 * to anyone, without the person's photos or subscribe credits. As staff or grid worker: their
 * timeline steps, assignment and resolution stay under the pseudonym and `已注销用户`.
 * Returns the patch and the files to delete.
 */
export function eraseFromReport(r: ReportDoc, e: Erasure): { patch: Partial<ReportDoc>; files: string[] } {
  const patch: Partial<ReportDoc> = {};
  const files: string[] = [];
  if (r.reporter === e.openid || e.aliases?.includes(r.reporter)) {
    patch.reporter = e.pseudonym;
    patch.reporterErased = true;
    patch.notify = {};
    files.push(...photoIds(r.photos));
    patch.photos = [];
  }
  if (r.placeOwner === e.openid) patch.placeOwner = null;
  if (r.assignee === e.openid) {
    patch.assignee = e.pseudonym;
    patch.assigneeName = ERASED_NAME;
  }
  if (r.resolution && r.resolution.by === e.openid) {
    files.push(...photoIds(r.resolution.photos));
    patch.resolution = { ...r.resolution, by: e.pseudonym, byName: ERASED_NAME, photos: [] };
  }
  // Steps by anyone may name the person in their note (派给网格员某某); the person's own steps go under the pseudonym.
  const timeline = r.timeline.map((t): TimelineEntry => {
    const note = scrubNames(t.note ?? '', e);
    const mine = t.actor?.openid === e.openid;
    return mine || note !== t.note ? { ...t, note, ...(mine ? { actor: { ...t.actor, openid: e.pseudonym, name: ERASED_NAME } } : {}) } : t;
  });
  if (timeline.some((t, i) => t !== r.timeline[i])) patch.timeline = timeline;
  return { patch, files };
}

/** The person's names as other documents copied them, to find them in free text. */
export function namesIn(r: ReportDoc, openid: string): string[] {
  const out = r.timeline.filter((t) => t.actor?.openid === openid).map((t) => t.actor.name);
  if (r.assignee === openid) out.push(r.assigneeName);
  if (r.resolution?.by === openid) out.push(r.resolution.byName);
  return out.filter((n) => !!n && n !== ERASED_NAME);
}

/** A redemption the person held or fulfilled. Their own lose the holder and the code (so it checks as unknown). */
export function eraseFromRedemption(d: RedemptionDoc, e: Erasure): Partial<RedemptionDoc> {
  const patch: Partial<RedemptionDoc> = {};
  if (d.openid === e.openid) Object.assign(patch, { openid: e.pseudonym, holderName: '', code: voidCode() });
  if (d.fulfilledBy === e.openid) patch.fulfilledBy = e.pseudonym;
  return patch;
}

/**
 * A place the person applied for (only ones no longer live: live places block erasure) or reviewed.
 * Their application loses the applicant's name and phone and its photos; a reviewer becomes the pseudonym.
 */
export function eraseFromPlace(p: PlaceDoc, e: Erasure): { patch: Partial<PlaceDoc>; files: string[] } {
  const patch: Partial<PlaceDoc> = {};
  const files: string[] = [];
  if (p.ownerOpenid === e.openid) {
    files.push(...(p.photos ?? []), ...(p.licencePhoto ? [p.licencePhoto] : []));
    for (const f of [...(p.pendingChange?.photos ?? []), p.pendingChange?.licencePhoto]) if (f) files.push(f);
    Object.assign(patch, { ownerOpenid: e.pseudonym, applicant: null, photos: [], licencePhoto: null, pendingChange: null, phone: '' });
  }
  if (p.createdBy === e.openid) patch.createdBy = e.pseudonym;
  if (p.reviewedBy === e.openid) patch.reviewedBy = e.pseudonym;
  if (p.lastReview?.by === e.openid) patch.lastReview = { ...p.lastReview, by: e.pseudonym };
  return { patch, files: files.filter((f) => typeof f === 'string' && f.startsWith('cloud://')) };
}
