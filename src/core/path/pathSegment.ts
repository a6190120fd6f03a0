/**
 * One step into a JSON document: a key, an array index, an array item paired by `--array-key`
 * (`items[id=42]`), or "every item" (`trades[*]`, in `diff --shape` and in patterns).
 */
export interface KeyedSegment {
  key: string;
  value: string | number;
}
export interface ElementSegment {
  element: true;
}
export type Segment = string | number | KeyedSegment | ElementSegment;

/** A step that names one concrete place: what `--set` and JSON Pointers take. */
export type PlainSegment = string | number;

export const EVERY_ELEMENT: ElementSegment = { element: true };
