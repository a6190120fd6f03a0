/** Where a replay goes when the request names no target. */
import type { InspectorState } from './inspectorApi.js';

export interface ReplayTarget {
  url: URL;
  source: 'forward-to' | 'environment' | 'last used';
}

export function defaultTarget(state: InspectorState): ReplayTarget | null {
  return state.replayTarget ?? (state.lastTarget ? { url: state.lastTarget, source: 'last used' } : null);
}
