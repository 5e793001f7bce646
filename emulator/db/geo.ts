// Geospatial operators mingo lacks. Distances are great-circle (haversine) in metres on a sphere of
// radius 6 378 100 m — the constant MongoDB itself uses (kRadiusOfEarthInMeters), so $centerSphere
// radians and $maxDistance metres agree with what CloudBase (MongoDB underneath) returns.
// Written here apart from the functions' own distance (cloudfunctions/shared/isomorphic/geo.ts) on
// purpose: this file plays the database, and a shared formula would let one bug pass both sides of
// the nearby tests.
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { QueryOperator } from 'mingo/core';
import { resolve } from 'mingo/util';
import { isPlainObject } from './ejson';

export const EARTH_RADIUS_M = 6378100;

export type LngLat = [number, number];

interface Geometry {
  type: string;
  coordinates: unknown;
}

function isNumberPair(v: unknown): v is LngLat {
  return Array.isArray(v) && v.length >= 2 && typeof v[0] === 'number' && typeof v[1] === 'number';
}

/** A stored location: GeoJSON Point, or a legacy [lng, lat] pair. */
export function pointOf(v: unknown): LngLat | null {
  if (isNumberPair(v)) return [v[0], v[1]];
  if (isPlainObject(v) && v.type === 'Point' && isNumberPair(v.coordinates)) return [v.coordinates[0], v.coordinates[1]];
  return null;
}

function geometryOf(v: unknown): Geometry | null {
  if (isPlainObject(v) && typeof v.type === 'string' && Array.isArray(v.coordinates)) return v as unknown as Geometry;
  return null;
}

const RAD = Math.PI / 180;

export function distanceMetres(a: LngLat, b: LngLat): number {
  const dLat = (b[1] - a[1]) * RAD;
  const dLng = (b[0] - a[0]) * RAD;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * RAD) * Math.cos(b[1] * RAD) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(s)));
}

function pointInGeometry(p: LngLat, g: Geometry): boolean {
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') return false;
  return booleanPointInPolygon(p, g as Parameters<typeof booleanPointInPolygon>[1]);
}

/** Every vertex of a stored geometry (points for Point, rings for polygons …). */
function verticesOf(v: unknown): LngLat[] {
  const p = pointOf(v);
  if (p) return [p];
  const g = geometryOf(v);
  if (!g) return [];
  const out: LngLat[] = [];
  const walk = (c: unknown): void => {
    if (isNumberPair(c)) out.push([c[0], c[1]]);
    else if (Array.isArray(c)) c.forEach(walk);
  };
  walk(g.coordinates);
  return out;
}

export interface NearSpec {
  center: LngLat;
  minDistance?: number;
  maxDistance?: number;
}

/** Reads `$nearSphere` / `$near` arguments (GeoJSON form, or legacy pair with radians). */
export function parseNear(arg: unknown): NearSpec {
  if (isPlainObject(arg) && '$geometry' in arg) {
    const center = pointOf(arg.$geometry);
    if (!center) throw new Error('$nearSphere needs a GeoJSON Point $geometry');
    return {
      center,
      minDistance: typeof arg.$minDistance === 'number' ? arg.$minDistance : undefined,
      maxDistance: typeof arg.$maxDistance === 'number' ? arg.$maxDistance : undefined,
    };
  }
  const center = pointOf(arg);
  if (!center) throw new Error('$nearSphere needs a point');
  return { center };
}

export function withinNear(spec: NearSpec, d: number): boolean {
  if (spec.maxDistance !== undefined && d > spec.maxDistance) return false;
  if (spec.minDistance !== undefined && d < spec.minDistance) return false;
  return true;
}

function fieldValue(obj: Record<string, unknown>, selector: string): unknown {
  return resolve(obj, selector);
}

/** `$nearSphere` as a filter only (distance bounds); ordering is done by the caller. */
const $nearSphere: QueryOperator = (selector, value) => {
  const spec = parseNear(value);
  // Query options like $maxDistance may sit beside $nearSphere in legacy form; mingo passes only
  // this operator's value, so the GeoJSON form (what the SDK sends) is the supported one.
  return (obj) => {
    const p = pointOf(fieldValue(obj, selector));
    return p !== null && withinNear(spec, distanceMetres(p, spec.center));
  };
};

const $geoWithin: QueryOperator = (selector, value) => {
  if (!isPlainObject(value)) throw new Error('$geoWithin needs an object');
  let inside: (p: LngLat) => boolean;
  if (value.$geometry !== undefined) {
    const g = geometryOf(value.$geometry);
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) throw new Error('$geoWithin $geometry must be a Polygon or MultiPolygon');
    inside = (p) => pointInGeometry(p, g);
  } else if (Array.isArray(value.$centerSphere)) {
    const [c, r] = value.$centerSphere as [unknown, unknown];
    const center = pointOf(c);
    if (!center || typeof r !== 'number') throw new Error('$centerSphere needs [[lng, lat], radians]');
    const max = r * EARTH_RADIUS_M;
    inside = (p) => distanceMetres(p, center) <= max;
  } else if (Array.isArray(value.$box)) {
    const [lo, hi] = (value.$box as unknown[]).map(pointOf);
    if (!lo || !hi) throw new Error('$box needs two corners');
    inside = (p) => p[0] >= lo[0] && p[0] <= hi[0] && p[1] >= lo[1] && p[1] <= hi[1];
  } else {
    throw new Error('$geoWithin supports $geometry, $centerSphere and $box');
  }
  return (obj) => {
    const vs = verticesOf(fieldValue(obj, selector));
    return vs.length > 0 && vs.every(inside);
  };
};

/** Point-vs-polygon intersection in both directions; polygon-vs-polygon is not emulated. */
const $geoIntersects: QueryOperator = (selector, value) => {
  const g = isPlainObject(value) ? geometryOf(value.$geometry) : null;
  if (!g) throw new Error('$geoIntersects needs a $geometry');
  const gp = pointOf(g);
  return (obj) => {
    const v = fieldValue(obj, selector);
    const p = pointOf(v);
    if (p && gp) return p[0] === gp[0] && p[1] === gp[1];
    if (p) return pointInGeometry(p, g);
    const dg = geometryOf(v);
    if (dg && gp) return pointInGeometry(gp, dg);
    return false;
  };
};

export const geoQueryOperators: Record<string, QueryOperator> = {
  $nearSphere,
  $near: $nearSphere,
  $geoWithin,
  $within: $geoWithin,
  $geoIntersects,
};

export interface NearClause extends NearSpec {
  field: string;
  /** The query without the $nearSphere clause (the caller applies distance bounds itself). */
  rest: Record<string, unknown>;
}

/**
 * Finds the `$nearSphere` clause of a query (top level or inside a top-level $and), because
 * MongoDB returns such results nearest first regardless of any sort.
 */
export function findNearClause(query: Record<string, unknown>): NearClause | null {
  for (const [field, cond] of Object.entries(query)) {
    if (field === '$and' && Array.isArray(cond)) {
      for (let i = 0; i < cond.length; i++) {
        const sub = cond[i];
        if (!isPlainObject(sub)) continue;
        const found = findNearClause(sub);
        if (found) {
          const and = [...cond];
          and[i] = found.rest;
          return { ...found, rest: { ...query, $and: and } };
        }
      }
      continue;
    }
    if (field.startsWith('$') || !isPlainObject(cond)) continue;
    const arg = cond.$nearSphere ?? cond.$near;
    if (arg === undefined) continue;
    const { $nearSphere: _a, $near: _b, $maxDistance: _c, $minDistance: _d, ...others } = cond;
    const rest: Record<string, unknown> = { ...query };
    if (Object.keys(others).length > 0) rest[field] = others;
    else delete rest[field];
    return { field, ...parseNear(arg), rest };
  }
  return null;
}

/** The field a collection keeps its location in, for `$geoNear` without `key` (first Point field). */
export function inferGeoField(docs: Iterable<Record<string, unknown>>): string | null {
  for (const d of docs) {
    for (const [k, v] of Object.entries(d)) {
      if (isPlainObject(v) && v.type === 'Point' && pointOf(v)) return k;
    }
  }
  return null;
}

