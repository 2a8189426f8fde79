/**
 * The compact form of a FIX dictionary, as generated from QuickFIX XML into fixspec/generated/ and loaded by
 * `FixDictionary`. Entries mirror the XML: a field, a repeating group (NumInGroup tag and its entries), or a
 * reference to a component.
 */
export type Entry =
  | readonly [kind: 0, tag: number, required: 0 | 1]
  | readonly [kind: 1, countTag: number, required: 0 | 1, entries: readonly Entry[]]
  | readonly [kind: 2, component: number, required: 0 | 1];

export interface DictionaryData {
  readonly beginString: string;
  /** [tag, name, type] sorted by tag. */
  readonly fields: readonly (readonly [number, string, string])[];
  /** Allowed values by tag, for fields that have them. */
  readonly enums: Readonly<Record<number, readonly string[]>>;
  /** The values' descriptions, in the same order. */
  readonly enumNames: Readonly<Record<number, readonly string[]>>;
  readonly components: readonly (readonly [string, readonly Entry[]])[];
  readonly header: readonly Entry[];
  readonly trailer: readonly Entry[];
  /** [MsgType, name, category, entries]. */
  readonly messages: readonly (readonly [string, string, 'admin' | 'app', readonly Entry[]])[];
}
