/**
 * The SDK turns GeoJSON in query results into its own Geo classes (Point with longitude/latitude,
 * Polygon with lines). Domain code works with plain GeoJSON, so repositories hand documents through
 * this: every Geo instance becomes its GeoJSON (the classes' own toJSON), everything else is kept,
 * Dates included.
 */
export function plainGeo<T>(value: T): T {
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((v) => plainGeo(v)) as unknown as T;
  const maybeGeo = value as { _internalType?: unknown; toJSON?: () => unknown };
  if (maybeGeo._internalType !== undefined && typeof maybeGeo.toJSON === 'function') return maybeGeo.toJSON() as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = plainGeo(v);
  return out as T;
}
