import { createHash } from 'node:crypto';
import type {
  NearbyItem,
  PhotoCheck,
  RegionRef,
  ReportPhoto,
  ReportSummary,
  ReportView,
  TemplateKey,
  TimelineActorRole,
  TimelineItem,
} from '../contracts/snapshot';
import type { Role, Scopes } from '../contracts/user';
import type { ReportKind } from './categories';
import { allowedActions, OPEN_STATUSES, type ReportStatus, type TransitionAction } from './report-lifecycle';
import type { Route } from './routing';
import { inStaffScope, type Viewer } from './scope';
import { maskPhone, type UserDoc } from './user';

/** A photo as stored: shown to anyone but its uploader only once the image check approved it. */
export interface StoredPhoto {
  fileID: string;
  check: PhotoCheck;
  /** mediaCheckAsync's trace id, matched when the verdict is pushed. Never leaves the server. */
  traceId?: string;
  /** The image check could not be requested: staff decide instead (the image-review queue). */
  staffReview?: true;
}

export interface TimelineEntry {
  at: Date;
  action: 'submit' | TransitionAction;
  status: ReportStatus;
  /** The openid stays in the database for the audit; views show only role and name. */
  actor: { openid: string; role: TimelineActorRole; name: string };
  note: string;
}

/** Where a report came from when not from a person in the app (a partner system through Open311). */
export interface ReportSource {
  channel: 'open311';
  keyId: string;
  /** The partner system's name, e.g. 「12345 热线」. */
  name: string;
  /** What staff see, e.g. 「来源：12345 热线（Open311）」. */
  label: string;
  /** The GeoReport token the partner can also follow the request by. */
  token: string;
  /** The partner's own reference (GeoReport account_id / device_id), kept for their follow-up. */
  accountId: string;
  deviceId: string;
}

/** Text verdicts that may be stored; `risky` text is refused before anything is written. */
export type TextCheck = 'pass' | 'review';

export interface ReportDoc {
  _id: string;
  kind: ReportKind;
  category: string;
  categoryName: string;
  status: ReportStatus;
  description: string;
  textCheck: TextCheck;
  photos: StoredPhoto[];
  /** GeoJSON Point [lng, lat] for $nearSphere (written as db.Geo.Point). */
  location: unknown;
  /** The same point as plain numbers, so views never depend on the SDK's Geo classes. */
  coords: { lat: number; lng: number };
  address: string;
  placeId: string | null;
  placeName: string;
  /** The owner merchant of the place a feedback report is about (they may read it). */
  placeOwner: string | null;
  hours: number | null;
  activity: string;
  reporter: string;
  /** The reporter erased their account: `reporter` is a pseudonym, nobody is paid or told. */
  reporterErased?: boolean;
  route: Route;
  communityId: string | null;
  gridId: string | null;
  districtId: string | null;
  assignee: string | null;
  assigneeName: string;
  meTooCount: number;
  /** Points promised by the category when submitted; `points` is what was actually paid. */
  reward: number;
  points: number;
  slaHours: number;
  dueAt: Date;
  resolution: { note: string; textCheck: TextCheck; photos: StoredPhoto[]; at: Date; by: string; byName: string } | null;
  /** `textCheck` of the comment (absent on ratings stored before it was kept: those passed). */
  rating: { score: number; fixed: boolean; comment: string; textCheck?: TextCheck; at: Date } | null;
  rejectReason: string;
  duplicateOf: string | null;
  timeline: TimelineEntry[];
  /** One-time subscribe-message credits the reporter granted, by template. */
  notify: Partial<Record<TemplateKey, number>>;
  requestId: string;
  /** Set on reports filed through Open311; absent for reports from the app. */
  source?: ReportSource;
  /** Shanghai day of submission, for the per-day limit. */
  day: string;
  /**
   * Counted as overdue on the dashboard: set by the overdue job once the deadline passed while the
   * report was open, cleared by the transition that closes or reopens it (see domain/rollups).
   */
  overdueCounted?: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export { uploadDirFor } from './uploads';

/** Deterministic id from who asked and their requestId: a retried submit lands on the same document. */
export function reportIdFor(openid: string, requestId: string): string {
  return `r${createHash('sha256').update(`${openid}\n${requestId}`).digest('hex').slice(0, 24)}`;
}

export function isOverdue(report: Pick<ReportDoc, 'status' | 'dueAt'>, now: Date): boolean {
  return OPEN_STATUSES.includes(report.status) && new Date(report.dueAt).getTime() < now.getTime();
}

export function dueAtFor(createdAt: Date, slaHours: number): Date {
  return new Date(createdAt.getTime() + slaHours * 3600_000);
}

/** How the viewer relates to a report; decides what they may see. */
export type Relation = 'reporter' | 'staff' | 'assignee' | 'placeOwner' | 'meToo' | 'none';

export type { Viewer };

export function relationOf(report: ReportDoc, viewer: Viewer, joinedMeToo = false): Relation {
  if (report.reporter === viewer.openid) return 'reporter';
  if (inStaffScope(viewer, report.communityId)) return 'staff';
  if (report.assignee === viewer.openid && viewer.roles.includes('gridworker')) return 'assignee';
  if (report.placeOwner && report.placeOwner === viewer.openid) return 'placeOwner';
  if (joinedMeToo) return 'meToo';
  return 'none';
}

/** Photos the viewer may see: the uploader sees their own whatever the check says, others only approved ones. */
export function visiblePhotos(photos: readonly StoredPhoto[], ownedByViewer: boolean, urls: Record<string, string>): { photos: ReportPhoto[]; hidden: number } {
  const shown = photos.filter((p) => ownedByViewer || p.check === 'approved');
  return {
    // A partner's photo (Open311 media_url) is its own link; stored files have temp URLs.
    photos: shown.map((p) => ({ fileID: p.fileID, url: urls[p.fileID] ?? (/^https?:\/\//i.test(p.fileID) ? p.fileID : ''), check: p.check })),
    hidden: photos.length - shown.length,
  };
}

/** Every fileID a view for this viewer will show, for one temp-URL call per page. */
export function fileIdsFor(report: ReportDoc, relation: Relation, viewerOpenid: string, thumbOnly = false): string[] {
  const own = relation === 'reporter';
  const photos = report.photos.filter((p) => own || p.check === 'approved').map((p) => p.fileID);
  if (thumbOnly) return photos.slice(0, 1);
  const res = report.resolution;
  const resPhotos = res ? res.photos.filter((p) => res.by === viewerOpenid || p.check === 'approved').map((p) => p.fileID) : [];
  return [...photos, ...resPhotos];
}

const UNDER_REVIEW_TEXT = '（描述正在审核中）';

/** Text the viewer may read: pending human review, only the author and the reviewing staff see it. */
function descriptionFor(report: ReportDoc, relation: Relation): string {
  if (report.textCheck === 'pass') return report.description;
  return relation === 'reporter' || relation === 'staff' || relation === 'assignee' ? report.description : UNDER_REVIEW_TEXT;
}

function regionRef(report: ReportDoc): RegionRef {
  const r = report.route;
  return { level: r.level, gridId: r.gridId, gridName: r.gridName, communityId: r.communityId, communityName: r.communityName };
}

export function toSummary(report: ReportDoc, relation: Relation, urls: Record<string, string>, now: Date): ReportSummary {
  const own = relation === 'reporter';
  const first = report.photos.find((p) => own || p.check === 'approved');
  return {
    id: report._id,
    kind: report.kind,
    category: report.category,
    categoryName: report.categoryName,
    status: report.status,
    description: descriptionFor(report, relation),
    address: report.address,
    thumb: first ? (urls[first.fileID] ?? '') : '',
    region: regionRef(report),
    meTooCount: report.meTooCount,
    hours: report.hours,
    activity: report.activity,
    points: report.points,
    createdAt: new Date(report.createdAt).toISOString(),
    dueAt: new Date(report.dueAt).toISOString(),
    overdue: isOverdue(report, now),
    assigneeName: report.assigneeName,
    ...(report.source ? { sourceLabel: report.source.label } : {}),
  };
}

function timelineView(entries: readonly TimelineEntry[], viewerOpenid: string): TimelineItem[] {
  return entries.map((e) => ({
    at: new Date(e.at).toISOString(),
    action: e.action,
    status: e.status,
    actor: { role: e.actor.role, name: e.actor.role === 'reporter' ? (e.actor.openid === viewerOpenid ? '我' : '上报人') : e.actor.name },
    note: e.note,
  }));
}

export interface ViewOptions {
  relation: Relation;
  viewer: Viewer;
  urls: Record<string, string>;
  now: Date;
  meTooByMe?: boolean;
  /** The reporter's user document, read only for staff (name and phone). */
  reporterUser?: UserDoc | null;
}

/** A comment held for review reaches the reporter who wrote it and the staff who review it, not the grid worker. */
function ratingView(rating: NonNullable<ReportDoc['rating']>, relation: Relation): NonNullable<ReportView['rating']> {
  const held = !!rating.textCheck && rating.textCheck !== 'pass' && relation !== 'reporter' && relation !== 'staff';
  return { score: rating.score, fixed: rating.fixed, comment: held && rating.comment ? UNDER_REVIEW_TEXT : rating.comment, at: new Date(rating.at).toISOString() };
}

export function toView(report: ReportDoc, o: ViewOptions): ReportView {
  const { relation, viewer, urls, now } = o;
  const own = visiblePhotos(report.photos, relation === 'reporter', urls);
  const res = report.resolution;
  const resPhotos = res ? visiblePhotos(res.photos, res.by === viewer.openid, urls) : null;
  const seesPrivate = relation === 'reporter' || relation === 'staff' || relation === 'assignee';
  let reporter: ReportView['reporter'] = null;
  if (relation === 'staff' && o.reporterUser) {
    const u = o.reporterUser;
    // Phone in full only to staff whose scope holds the reporter's home community (as toOthersView does).
    const full = inStaffScope(viewer, u.profile.communityId);
    reporter = { name: u.profile.name || '未填写姓名', phone: full ? u.profile.phone : maskPhone(u.profile.phone) };
  }
  return {
    ...toSummary(report, relation, urls, now),
    photos: own.photos,
    hiddenPhotos: own.hidden,
    location: { lat: report.coords.lat, lng: report.coords.lng },
    place: report.placeId ? { id: report.placeId, name: report.placeName } : null,
    resolution:
      res && resPhotos
        ? {
            note: res.textCheck === 'pass' || seesPrivate ? res.note : UNDER_REVIEW_TEXT,
            photos: resPhotos.photos,
            hiddenPhotos: resPhotos.hidden,
            at: new Date(res.at).toISOString(),
            byName: res.byName,
          }
        : null,
    rating: report.rating && seesPrivate ? ratingView(report.rating, relation) : null,
    rejectReason: seesPrivate ? report.rejectReason : '',
    duplicateOf: report.duplicateOf,
    // Notes (reasons, comments) are between the reporter and the people handling the report.
    timeline: seesPrivate ? timelineView(report.timeline, viewer.openid) : timelineView(report.timeline, viewer.openid).map((t) => ({ ...t, note: '' })),
    mine: relation === 'reporter',
    meTooByMe: !!o.meTooByMe,
    reporter,
    textUnderReview: report.textCheck !== 'pass' && seesPrivate,
    can: allowedActions(report, viewer),
  };
}

export function toNearbyItem(report: ReportDoc, distance: number, viewerOpenid: string, meTooByMe: boolean, urls: Record<string, string>): NearbyItem {
  const mine = report.reporter === viewerOpenid;
  const first = report.photos.find((p) => mine || p.check === 'approved');
  return {
    id: report._id,
    category: report.category,
    categoryName: report.categoryName,
    status: report.status,
    description: mine || report.textCheck === 'pass' ? report.description : UNDER_REVIEW_TEXT,
    thumb: first ? (urls[first.fileID] ?? '') : '',
    distance: Math.round(distance),
    meTooCount: report.meTooCount,
    mine,
    meTooByMe,
    createdAt: new Date(report.createdAt).toISOString(),
  };
}

/** The role a timeline entry names for the actor of a staff-side step. */
export function staffRole(roles: readonly Role[], communityId: string | null, scopes: Scopes): TimelineActorRole {
  // Someone who is both staff and admin is named as staff within their own communities.
  if (inStaffScope({ roles: roles.filter((r) => r !== 'admin'), scopes }, communityId)) return 'staff';
  return roles.includes('admin') ? 'admin' : 'staff';
}

/** How long an address may run in a report's audit name before it is cut: the trail shows it in one sentence. */
const AUDIT_ADDRESS_MAX = 16;

/**
 * What the audit trail calls a report (「占道经营 · 荷城路 130 号门口」): an id means nothing to an admin,
 * the category and where it is let them recognise it. Built from the report the step already holds,
 * so naming it costs no read. The description stays out: it is the reporter's own words.
 */
export function reportAuditName(r: Pick<ReportDoc, 'categoryName' | 'placeName' | 'address'>): string {
  const where = (r.placeName || r.address || '').trim();
  const short = where.length > AUDIT_ADDRESS_MAX ? `${where.slice(0, AUDIT_ADDRESS_MAX)}…` : where;
  return [r.categoryName?.trim(), short].filter(Boolean).join(' · ');
}
