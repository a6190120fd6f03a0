/**
 * `coperniq-hooks/diff`: the comparison `coperniq-hooks diff` makes, for tests that compare
 * payloads (a capture against a fixture, a staging answer against production), with the path
 * notation its output and `--ignore` use.
 */
export { diffValues, type Change, type ChangeKind, type DiffOptions, type DiffResult } from './core/diff/diffValues.js';
export { formatPath } from './core/path/formatPath.js';
export { parsePath, parsePattern } from './core/path/parsePath.js';
export { PathError } from './core/path/tokenizePath.js';
export type { Segment, PlainSegment } from './core/path/pathSegment.js';
export { toJsonPatch, type PatchOp } from './core/diff/jsonPatch.js';
export { compileMatcher, VOLATILE_PATTERNS, type PathMatcher } from './core/diff/pathPattern.js';
export { diffShapes, shapeOf, type Shape } from './core/diff/shape.js';
