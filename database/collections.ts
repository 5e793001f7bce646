// The shape of database/collections.json, declared once: deploy (scripts/deploy) creates what it
// declares in CloudBase and the emulator (emulator/db) applies the same indexes to every write, so
// both read the file through these types.

/** One key of an index: a field path and its direction as CloudBase's management API writes it ("1", "-1", "2dsphere"). */
export interface IndexKey {
  name: string;
  direction: string;
}

/** A named index of a collection. */
export interface IndexDecl {
  name: string;
  keys: IndexKey[];
}
