/**
 * 随手拍 categories. The built-in list below is what a fresh environment offers with nothing stored;
 * admin edits are stored in the `categories` collection (one document per code) and win over the
 * built-in entry of the same code, so production needs no seeding and edits survive upgrades.
 */
export type ReportKind = 'issue' | 'volunteer';

/** How a report of this category is routed: by its location, or to the place it is about. */
export type CategoryRouting = 'location' | 'place';

export interface Category {
  code: string;
  name: string;
  kind: ReportKind;
  /** Points awarded when a report is accepted (volunteer records earn by hours instead). */
  points: number;
  /** Hours from submission until the report counts as overdue. */
  slaHours: number;
  photoRequired: boolean;
  routing: CategoryRouting;
  enabled: boolean;
  /** Display order, smallest first. */
  order: number;
  /** One character shown as the category's icon (no images to load). */
  glyph: string;
}

export interface CategoryDoc extends Category {
  _id: string;
  updatedAt?: Date;
  updatedBy?: string;
}

export const PLACE_FEEDBACK = 'place_feedback';
export const VOLUNTEER = 'volunteer';

export const DEFAULT_CATEGORIES: readonly Category[] = [
  { code: 'road_damage', name: '道路破损', kind: 'issue', points: 10, slaHours: 72, photoRequired: true, routing: 'location', enabled: true, order: 10, glyph: '路' },
  { code: 'manhole', name: '井盖缺失', kind: 'issue', points: 15, slaHours: 24, photoRequired: true, routing: 'location', enabled: true, order: 20, glyph: '井' },
  { code: 'streetlight', name: '路灯故障', kind: 'issue', points: 5, slaHours: 72, photoRequired: true, routing: 'location', enabled: true, order: 30, glyph: '灯' },
  { code: 'occupation', name: '占道经营/违停', kind: 'issue', points: 5, slaHours: 48, photoRequired: true, routing: 'location', enabled: true, order: 40, glyph: '占' },
  { code: 'garbage', name: '垃圾堆放', kind: 'issue', points: 5, slaHours: 48, photoRequired: true, routing: 'location', enabled: true, order: 50, glyph: '垃' },
  { code: 'fire_hazard', name: '消防隐患', kind: 'issue', points: 15, slaHours: 24, photoRequired: true, routing: 'location', enabled: true, order: 60, glyph: '消' },
  { code: 'traffic_hazard', name: '交通安全隐患', kind: 'issue', points: 10, slaHours: 48, photoRequired: true, routing: 'location', enabled: true, order: 70, glyph: '交' },
  { code: 'facility', name: '公共设施损坏', kind: 'issue', points: 5, slaHours: 72, photoRequired: true, routing: 'location', enabled: true, order: 80, glyph: '施' },
  // A photo of a person in need is often inappropriate: optional here.
  { code: 'need_help', name: '需要帮助的群众', kind: 'issue', points: 10, slaHours: 12, photoRequired: false, routing: 'location', enabled: true, order: 90, glyph: '助' },
  { code: PLACE_FEEDBACK, name: '站点/商户反馈', kind: 'issue', points: 3, slaHours: 72, photoRequired: false, routing: 'place', enabled: true, order: 100, glyph: '店' },
  { code: 'other', name: '其他', kind: 'issue', points: 3, slaHours: 72, photoRequired: false, routing: 'location', enabled: true, order: 110, glyph: '他' },
  // Volunteer service by the kinds districts count (points come from the verified hours, not the category).
  { code: 'vol_traffic', name: '交通劝导', kind: 'volunteer', points: 0, slaHours: 72, photoRequired: true, routing: 'location', enabled: true, order: 200, glyph: '导' },
  { code: 'vol_civic', name: '文明宣传', kind: 'volunteer', points: 0, slaHours: 72, photoRequired: true, routing: 'location', enabled: true, order: 210, glyph: '宣' },
  { code: 'vol_elderly', name: '助老助残', kind: 'volunteer', points: 0, slaHours: 72, photoRequired: true, routing: 'location', enabled: true, order: 220, glyph: '老' },
  { code: 'vol_clean', name: '环境清洁', kind: 'volunteer', points: 0, slaHours: 72, photoRequired: true, routing: 'location', enabled: true, order: 230, glyph: '洁' },
  { code: 'vol_emergency', name: '应急救助', kind: 'volunteer', points: 0, slaHours: 72, photoRequired: true, routing: 'location', enabled: true, order: 240, glyph: '救' },
  { code: VOLUNTEER, name: '其他志愿服务', kind: 'volunteer', points: 0, slaHours: 72, photoRequired: true, routing: 'location', enabled: true, order: 290, glyph: '志' },
];

/** Stored documents over the built-in list, by code; sorted for display. */
export function mergeCategories(stored: readonly Partial<CategoryDoc>[]): Category[] {
  const byCode = new Map<string, Category>(DEFAULT_CATEGORIES.map((c) => [c.code, { ...c }]));
  for (const doc of stored) {
    const code = doc.code ?? doc._id;
    if (!code) continue;
    const base = byCode.get(code);
    const merged = { ...(base ?? { code, name: code, kind: 'issue', points: 0, slaHours: 72, photoRequired: false, routing: 'location', enabled: true, order: 999, glyph: '拍' }), ...strip(doc), code } as Category;
    byCode.set(code, merged);
  }
  return [...byCode.values()].sort((a, b) => a.order - b.order || a.code.localeCompare(b.code));
}

function strip(doc: Partial<CategoryDoc>): Partial<Category> {
  const { _id, updatedAt, updatedBy, ...rest } = doc;
  void _id;
  void updatedAt;
  void updatedBy;
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as Partial<Category>;
}
