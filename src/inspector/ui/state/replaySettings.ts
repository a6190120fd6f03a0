/**
 * Replay's target and options, shared by the one-delivery replay and the selection replay for
 * this tab. An empty target means the server's default (listen's --forward-to, else the last
 * target used), which the server keeps, since the page only ever sees it redacted.
 */
import { signal } from '@preact/signals';
import { api, ApiError } from '../api/client.js';
import type { ReplayBody, ReplayResult } from '../api/types.js';

export const replayTo = signal('');
export const newIds = signal(false);

/** A replay the server held back: the target is not this machine and needs a yes in the page. */
export interface NeedsConfirm {
  confirm: string;
}

export async function sendReplay(seq: number, body: ReplayBody): Promise<ReplayResult | NeedsConfirm> {
  const to = replayTo.value.trim();
  try {
    return await api.replay(seq, { ...body, ...(to ? { to } : {}), ...(newIds.value ? { newIds: true } : {}) });
  } catch (err) {
    if (err instanceof ApiError && err.code === 'confirm-required') return { confirm: err.message };
    throw err;
  }
}
