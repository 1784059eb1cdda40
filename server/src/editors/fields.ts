/**
 * Where the "External file" fields are in a content type, and a walk over an entry (or its write
 * data) that visits each of them, inside components and dynamic zones and, on reads, inside
 * populated relations. Pure: schemas come from a lookup function, so this is tested without Strapi.
 */
import { CUSTOM_FIELD_UID } from '../../../shared/external-file';

export interface AttributeLike {
  type: string;
  customField?: string;
  component?: string;
  components?: string[];
  repeatable?: boolean;
  target?: string;
}

export interface SchemaLike {
  uid?: string;
  attributes: Record<string, AttributeLike>;
}

export type SchemaLookup = (uid: string) => SchemaLike | undefined;

export type FieldKind = 'single' | 'multiple';

export function fieldKind(attribute: AttributeLike): FieldKind | null {
  if (attribute.customField === CUSTOM_FIELD_UID.single) return 'single';
  if (attribute.customField === CUSTOM_FIELD_UID.multiple) return 'multiple';
  return null;
}

/** Components an attribute may hold (none for anything but components and dynamic zones). */
const componentsOf = (attribute: AttributeLike): string[] => {
  if (attribute.type === 'component' && attribute.component) return [attribute.component];
  if (attribute.type === 'dynamiczone') return attribute.components ?? [];
  return [];
};

/**
 * True when the schema holds an External file field, itself or in its components (relations are
 * other content types: they answer for themselves).
 */
export function holdsExternalFiles(
  schema: SchemaLike,
  lookup: SchemaLookup,
  seen = new Set<string>()
): boolean {
  if (schema.uid) {
    if (seen.has(schema.uid)) return false;
    seen.add(schema.uid);
  }
  return Object.values(schema.attributes).some((attribute) => {
    if (fieldKind(attribute)) return true;
    return componentsOf(attribute).some((uid) => {
      const component = lookup(uid);
      return component ? holdsExternalFiles(component, lookup, seen) : false;
    });
  });
}

/**
 * What `strapi.db.query(uid)` must populate to see every External file field of the schema:
 * the components (and dynamic-zone components) that hold one, nested as deep as they go.
 */
export function populateForFields(
  schema: SchemaLike,
  lookup: SchemaLookup
): Record<string, unknown> {
  const populate: Record<string, unknown> = {};
  for (const [name, attribute] of Object.entries(schema.attributes)) {
    const holders = componentsOf(attribute)
      .map((uid) => ({ uid, component: lookup(uid) }))
      .filter(
        (entry): entry is { uid: string; component: SchemaLike } =>
          Boolean(entry.component) && holdsExternalFiles(entry.component!, lookup)
      );
    if (holders.length === 0) continue;
    const nested = (component: SchemaLike) => {
      const inner = populateForFields(component, lookup);
      return Object.keys(inner).length ? { populate: inner } : true;
    };
    populate[name] =
      attribute.type === 'dynamiczone'
        ? { on: Object.fromEntries(holders.map(({ uid, component }) => [uid, nested(component)])) }
        : nested(holders[0].component);
  }
  return populate;
}

/** One External file field met during a walk: `holder[key]` is its value. */
export interface FieldVisit {
  holder: Record<string, unknown>;
  key: string;
  kind: FieldKind;
  /** Attribute path from the walked entry, e.g. ['sections', 0, 'file']. */
  path: Array<string | number>;
}

export interface WalkOptions {
  /** Follow populated relations (reads); write data holds ids there, never entries. */
  followRelations?: boolean;
  /** Nesting limit: populated relations can loop back on themselves. */
  maxDepth?: number;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  Boolean(value) && typeof value === 'object' && !Array.isArray(value);

/** Visits every External file field in `value` (an entry, a list of entries, or write data). */
export function visitFields(
  value: unknown,
  schema: SchemaLike,
  lookup: SchemaLookup,
  visit: (field: FieldVisit) => void,
  options: WalkOptions = {}
): void {
  const maxDepth = options.maxDepth ?? 10;
  const seen = new Set<object>();

  const walkEntry = (
    entry: unknown,
    entrySchema: SchemaLike,
    path: Array<string | number>,
    depth: number
  ) => {
    if (Array.isArray(entry)) {
      entry.forEach((item, index) => walkEntry(item, entrySchema, [...path, index], depth));
      return;
    }
    if (!isObject(entry) || depth > maxDepth || seen.has(entry)) return;
    seen.add(entry);
    for (const [name, attribute] of Object.entries(entrySchema.attributes)) {
      if (!(name in entry)) continue;
      const kind = fieldKind(attribute);
      const child = entry[name];
      const childPath = [...path, name];
      if (kind) {
        visit({ holder: entry, key: name, kind, path: childPath });
      } else if (attribute.type === 'component' && attribute.component) {
        const component = lookup(attribute.component);
        if (component) walkEntry(child, component, childPath, depth + 1);
      } else if (attribute.type === 'dynamiczone' && Array.isArray(child)) {
        child.forEach((item, index) => {
          const uid = isObject(item) ? item.__component : undefined;
          const component = typeof uid === 'string' ? lookup(uid) : undefined;
          if (component) walkEntry(item, component, [...childPath, index], depth + 1);
        });
      } else if (options.followRelations && attribute.type === 'relation' && attribute.target) {
        const target = lookup(attribute.target);
        if (target) walkEntry(child, target, childPath, depth + 1);
      }
    }
  };

  walkEntry(value, schema, [], 0);
}
