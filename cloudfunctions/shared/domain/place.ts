// Places (merchants and stations): the stored shape, the rules of who may change what, and the views.
import { createHash } from 'node:crypto';
import type {
  LastReview,
  LatLng,
  NearbyItem,
  Offer,
  OfferInput,
  PendingChangeView,
  PhotoView,
  PlaceDetail,
  PlaceOwnView,
  PlaceStatus,
  PlaceType,
  ServiceCode,
  WeeklyHours,
} from '../contracts/place';
import type { StoredPhoto } from './report';
import { inStaffScope, type Viewer } from './scope';
import { distanceMetres } from '../isomorphic/geo';
import { openStatus, shanghaiWeekday, type WeekInterval } from './hours';

export const PLACES_COLLECTION = 'places';

export interface GeoPoint {
  type: 'Point';
  /** [lng, lat], GCJ-02. */
  coordinates: [number, number];
}

/** Changes to an approved place that wait for staff; the live place is untouched until approval. */
export interface PendingChange {
  name?: string;
  address?: string;
  location?: GeoPoint;
  photos?: string[];
  licencePhoto?: string;
  /** Offers the content check wanted a human to read first. */
  offers?: Offer[];
  communityId: string;
  gridId: string | null;
  submittedAt: Date;
}

export interface PlaceDoc {
  _id: string;
  type: PlaceType;
  name: string;
  status: PlaceStatus;
  /** Merchants: the applicant; stations: null. */
  ownerOpenid: string | null;
  communityId: string;
  gridId: string | null;
  location: GeoPoint;
  address: string;
  phone: string;
  services: ServiceCode[];
  offers: Offer[];
  hours: WeeklyHours;
  /** Derived from `hours` on every write: what the "open now" filter of place.nearby queries. */
  openWeek: WeekInterval[];
  photos: string[];
  licencePhoto: string | null;
  /**
   * The image check of each attached file (photos, licence, pending ones): a photo is shown to anyone
   * but the owner and the place's staff only once approved. Absent on places stored before images were
   * checked, whose photos staff had already reviewed with the place.
   */
  imageChecks?: StoredPhoto[];
  createdAt: Date;
  updatedAt: Date;
  createdBy: string;
  reviewedBy: string | null;
  reviewedAt: Date | null;
  rejectReason: string | null;
  suspendReason: string | null;
  pendingChange: PendingChange | null;
  /** The community whose staff must review something on this place; null when nothing waits. */
  reviewQueue: string | null;
  reviewQueuedAt: Date | null;
  lastReview: { decision: 'approve' | 'reject'; kind: 'application' | 'change'; reason: string | null; at: Date; by: string } | null;
  contentFlag: 'review' | null;
  /** Who applied, as their profile said then (staff see it in the queue without another read). */
  applicant: { name: string; phone: string } | null;
  requestId: string | null;
}

export const toGeoPoint = (p: LatLng): GeoPoint => ({ type: 'Point', coordinates: [p.lng, p.lat] });
/** Reads a stored location: GeoJSON as written, or the SDK's Point (longitude/latitude) it turns GeoJSON into on reads. */
export function toLatLng(g: GeoPoint | { longitude: number; latitude: number }): LatLng {
  if ('coordinates' in g && Array.isArray(g.coordinates)) return { lng: g.coordinates[0], lat: g.coordinates[1] };
  const p = g as { longitude: number; latitude: number };
  return { lng: p.longitude, lat: p.latitude };
}

const hash = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Ids derived from the client's requestId, so a retried create lands on the same document and the
 * database refuses the second insert. Scoped by caller so two people's request ids never collide.
 */
export function placeIdFor(type: PlaceType, openid: string, requestId: string): string {
  return `${type === 'station' ? 'station' : 'place'}-${hash(`${openid}:${requestId}`).slice(0, 20)}`;
}

/** Offers keep their id across edits (points rewards and feedback may point at one); new ones get a stable id. */
export function normalizeOffers(input: readonly OfferInput[], previous: readonly Offer[] = []): Offer[] {
  const known = new Set(previous.map((o) => o.id));
  const used = new Set<string>();
  return input.map((o, i) => {
    let id = o.id && known.has(o.id) && !used.has(o.id) ? o.id : `o${hash(`${o.title}:${i}`).slice(0, 8)}`;
    while (used.has(id)) id = `o${hash(`${id}:${i}`).slice(0, 8)}`;
    used.add(id);
    const offer: Offer = { id, title: o.title.trim(), detail: (o.detail ?? '').trim() };
    if (o.workerDiscount && o.workerDiscount.trim()) offer.workerDiscount = o.workerDiscount.trim();
    return offer;
  });
}

/** All the merchant-entered text that people other than the author will read, for the content check. */
export function publicText(p: { name?: string; address?: string; offers?: readonly Offer[] }): string {
  const parts: string[] = [];
  if (p.name) parts.push(p.name);
  if (p.address) parts.push(p.address);
  for (const o of p.offers ?? []) parts.push(o.title, o.detail, o.workerDiscount ?? '');
  return parts.filter(Boolean).join('\n');
}

// ---- who may do what -------------------------------------------------------------------------

export type { Viewer };

export function isOwner(viewer: Viewer, place: Pick<PlaceDoc, 'ownerOpenid'>): boolean {
  return !!place.ownerOpenid && place.ownerOpenid === viewer.openid;
}

/** Anyone sees an approved place; the owner and its staff see it in any state. */
export function canSee(viewer: Viewer, place: PlaceDoc): boolean {
  return place.status === 'approved' || isOwner(viewer, place) || inStaffScope(viewer, place.communityId) || (!!place.reviewQueue && inStaffScope(viewer, place.reviewQueue));
}

/** Pending and rejected applications are edited in place (a rejected one goes back to review); approved and suspended places queue reviewed fields. */
export function editsGoLive(status: PlaceStatus): boolean {
  return status === 'pending' || status === 'rejected';
}

// ---- views -----------------------------------------------------------------------------------

function highlightOf(offers: readonly Offer[]): string | null {
  const o = offers.find((x) => x.workerDiscount) ?? offers[0];
  if (!o) return null;
  return o.workerDiscount ? `${o.title}（${o.workerDiscount}）` : o.title;
}

/** The nearby list needs only these fields: the query projects to them. */
export const NEARBY_FIELDS = { _id: true, name: true, type: true, services: true, location: true, address: true, hours: true, offers: true } as const;

export function toNearbyItem(doc: Pick<PlaceDoc, '_id' | 'name' | 'type' | 'services' | 'location' | 'address' | 'hours' | 'offers'>, origin: LatLng, at: Date): NearbyItem {
  const location = toLatLng(doc.location);
  const status = openStatus(doc.hours, at);
  return {
    id: doc._id,
    name: doc.name,
    type: doc.type,
    services: doc.services,
    distance: Math.round(distanceMetres(origin, location)),
    openNow: status.openNow,
    statusText: status.statusText,
    is24h: !!doc.hours.is24h,
    location,
    address: doc.address,
    highlight: highlightOf(doc.offers ?? []),
  };
}

const photo = (fileID: string, urls: Record<string, string>): PhotoView => ({ fileID, url: urls[fileID] ?? '' });

/** Whether a photo of the place may be shown to someone who is neither its owner nor its staff. */
export function photoShownToAll(doc: Pick<PlaceDoc, 'imageChecks'>, fileID: string): boolean {
  if (!doc.imageChecks) return true;
  return doc.imageChecks.some((c) => c.fileID === fileID && c.check === 'approved');
}

/** Every stored file id a view of this place shows, for one temp-URL call per page. */
export function fileIdsOf(doc: PlaceDoc, own: boolean): string[] {
  const ids = own ? [...doc.photos] : doc.photos.filter((f) => photoShownToAll(doc, f));
  if (own) {
    if (doc.licencePhoto) ids.push(doc.licencePhoto);
    if (doc.pendingChange?.photos) ids.push(...doc.pendingChange.photos);
    if (doc.pendingChange?.licencePhoto) ids.push(doc.pendingChange.licencePhoto);
  }
  return ids;
}

export function toDetail(doc: PlaceDoc, viewer: Viewer, at: Date, urls: Record<string, string>, origin?: LatLng): PlaceDetail {
  const location = toLatLng(doc.location);
  const status = openStatus(doc.hours, at);
  return {
    id: doc._id,
    type: doc.type,
    name: doc.name,
    status: doc.status,
    address: doc.address,
    phone: doc.phone,
    services: doc.services,
    offers: doc.offers,
    hours: doc.hours,
    openNow: status.openNow,
    statusText: status.statusText,
    today: shanghaiWeekday(at),
    location,
    distance: origin ? Math.round(distanceMetres(origin, location)) : null,
    // The owner and the place's staff see every photo; everyone else only those the check approved.
    photos: doc.photos.filter((f) => isOwner(viewer, doc) || inStaffScope(viewer, doc.communityId) || photoShownToAll(doc, f)).map((f) => photo(f, urls)),
    communityId: doc.communityId,
    gridId: doc.gridId,
    updatedAt: new Date(doc.updatedAt).toISOString(),
    isOwner: isOwner(viewer, doc),
    canManage: inStaffScope(viewer, doc.communityId),
  };
}

function pendingView(p: PendingChange, urls: Record<string, string>): PendingChangeView {
  const v: PendingChangeView = { communityId: p.communityId, submittedAt: new Date(p.submittedAt).toISOString() };
  if (p.name !== undefined) v.name = p.name;
  if (p.address !== undefined) v.address = p.address;
  if (p.location) v.location = toLatLng(p.location);
  if (p.photos) v.photos = p.photos.map((f) => photo(f, urls));
  if (p.licencePhoto) v.licencePhoto = photo(p.licencePhoto, urls);
  if (p.offers) v.offers = p.offers;
  return v;
}

export function toOwnView(doc: PlaceDoc, viewer: Viewer, at: Date, urls: Record<string, string>, origin?: LatLng): PlaceOwnView {
  const last: LastReview | null = doc.lastReview
    ? { decision: doc.lastReview.decision, kind: doc.lastReview.kind, reason: doc.lastReview.reason, at: new Date(doc.lastReview.at).toISOString() }
    : null;
  return {
    ...toDetail(doc, viewer, at, urls, origin),
    licencePhoto: doc.licencePhoto ? photo(doc.licencePhoto, urls) : null,
    rejectReason: doc.rejectReason,
    suspendReason: doc.suspendReason,
    pendingChange: doc.pendingChange ? pendingView(doc.pendingChange, urls) : null,
    reviewQueue: doc.reviewQueue,
    lastReview: last,
    contentFlag: doc.contentFlag,
    createdAt: new Date(doc.createdAt).toISOString(),
  };
}
