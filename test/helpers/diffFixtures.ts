import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runCli, tempDir } from './cli.js';

/** Realistic Coperniq payloads for the `diff` tests. */
export const movement = (o: { eventId?: number; from?: string; to?: string; firedAt?: string; updatedAt?: string; extra?: object } = {}) => ({
  record: {
    id: 396776,
    uid: 206,
    createdAt: '2024-12-20T14:22:31.123Z',
    updatedAt: o.updatedAt ?? '2025-01-21T06:15:22.451Z',
    title: 'Elon Musk',
    dealValue: 1250000,
    trades: ['Solar', 'Battery Storage'],
    status: 'ACTIVE',
    ...o.extra,
  },
  event: {
    eventId: o.eventId ?? 432563,
    recordId: 396776,
    triggerKey: 'PROJECT_MOVEMENT',
    triggerName: 'Project stage updated',
    currentStage: { id: 2014, name: o.to ?? 'Engineering', type: 'PRODUCTION' },
    previousStage: { id: 2013, name: o.from ?? 'Site Survey', type: 'PRODUCTION' },
    firedAt: o.firedAt ?? '2025-01-21T06:15:23.687Z',
  },
});

export const taskMove = (eventId: number, status: string, extra: object = {}) => ({
  record: { id: 1, title: 'Roof' },
  event: { eventId, recordId: 1, triggerKey: 'TASK_STATUS_MOVEMENT', previousStatus: 'WORKING', currentStatus: status, firedAt: 'x' },
  workOrder: { id: 9, status, modifiedAt: 'y', ...extra },
});

/** A temp directory to write payloads into, and `diff` run with it as the working directory. */
export async function diffSandbox() {
  const { dir, cleanup } = await tempDir('diff-e2e-');
  const put = async (rel: string, value: unknown): Promise<string> => {
    const file = path.join(dir, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, typeof value === 'string' || Buffer.isBuffer(value) ? value : JSON.stringify(value, null, 2));
    return file;
  };
  const diff = (args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv } = {}) => runCli(['diff', ...args], { cwd: dir, ...opts });
  return { dir, cleanup, put, diff };
}
