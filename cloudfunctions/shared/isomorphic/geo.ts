// Distances, the one copy both sides use: the functions sort and label places and reports by it,
// routing finds the nearest community with it, and the pages show it.

/**
 * The earth radius MongoDB (and so CloudBase) uses for spherical queries (kRadiusOfEarthInMeters),
 * so a distance computed here agrees with the one a $geoNear / $nearSphere query filtered on.
 */
export const EARTH_RADIUS_M = 6378100;
const RAD = Math.PI / 180;

export interface LatLngLike {
  lat: number;
  lng: number;
}

/** Great-circle (haversine) distance in metres. */
export function distanceMetres(a: LatLngLike, b: LatLngLike): number {
  const dLat = (b.lat - a.lat) * RAD;
  const dLng = (b.lng - a.lng) * RAD;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(s)));
}

/**
 * A distance as people read it: 「320 米」 to the nearest 10 m below a kilometre (at least 10 米, so
 * "right here" never reads 0 米), 「1.2 公里」 to 100 m below 10 km, 「12 公里」 beyond. A distance that
 * would round up to 1 000 m reads 「1.0 公里」, never 「1000 米」.
 */
export function distanceText(metres: number): string {
  const m = Math.max(0, metres);
  const tens = Math.max(10, Math.round(m / 10) * 10);
  if (tens < 1000) return `${tens} 米`;
  if (m < 9950) return `${(m / 1000).toFixed(1)} 公里`;
  return `${Math.round(m / 1000)} 公里`;
}
