import { describe, expect, it } from 'vitest';
import { runCli, startReceiver } from '../helpers/cli.js';

describe('coperniq-hooks sample', () => {
  it('prints a PROJECT_MOVEMENT whose event, record and stages agree, and that validate passes', async () => {
    const r = await runCli(['sample', 'project_movement', '--stage', 'PTO', '--record', '123', '--event-id', '9001']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const p = JSON.parse(r.stdout);
    expect(p.event).toMatchObject({ eventId: 9001, recordId: 123, triggerKey: 'PROJECT_MOVEMENT', currentStage: { name: 'PTO' }, previousStage: { name: 'Engineering' } });
    expect(p.record).toMatchObject({ id: 123, stage: { id: p.event.currentStage.id, name: 'PTO' } });
    const v = await runCli(['validate', '-', '--strict'], { input: r.stdout });
    expect(v.code, v.stdout + v.stderr).toBe(0);
  });

  it('--status, --set and --set-new; a --set that breaks the payload prints it with a warning on stderr', async () => {
    const ok = await runCli(['sample', 'TASK_STATUS_MOVEMENT', '--status', 'COMPLETED', '--set', 'workOrder.title=Roof', '--set-new', 'record.custom.color=red']);
    expect(ok.code, ok.stderr).toBe(0);
    const p = JSON.parse(ok.stdout);
    expect([p.event.currentStatus, p.workOrder.status, p.workOrder.title, p.record.custom]).toEqual(['COMPLETED', 'COMPLETED', 'Roof', { color: 'red' }]);
    const broken = await runCli(['sample', 'TASK_STATUS_MOVEMENT', '--set', 'event.eventId="x"']);
    expect(broken.code).toBe(0);
    expect(JSON.parse(broken.stdout).event.eventId).toBe('x');
    // Wrapped to 80 columns (stderr is a pipe here), as replay's warnings are.
    expect(broken.stderr).toMatch(/^warning: this payload does not validate: event\.eventId: expected a/);
    expect(broken.stderr.replace(/\n {2}/g, ' ')).toMatch(/event\.eventId: expected a number[^\n]*\n$/);
    expect(broken.stderr.split('\n').every((line) => line.length <= 80)).toBe(true);
  });

  it('bad input: unknown trigger (did you mean), bad --record, bad --set, empty --stage: exit 2, nothing on stdout', async () => {
    for (const [args, message] of [
      [['sample', 'TASK_COMPLTED'], /unknown trigger "TASK_COMPLTED"; did you mean TASK_COMPLETED\?/],
      [['sample', 'NOPE'], /unknown trigger "NOPE"; known triggers: PROJECT_MOVEMENT, .*APPOINTMENT_RESCHEDULED/],
      [['sample', 'PROJECT_MOVEMENT', '--record', 'abc'], /--record must be a whole number/],
      [['sample', 'PROJECT_MOVEMENT', '--set', 'event..x=1'], /--set path "event\.\.x"/],
      [['sample', 'PROJECT_MOVEMENT', '--set', 'record.trades.x=1'], /cannot set record\.trades\.x/],
      [['sample', 'PROJECT_MOVEMENT', '--set', 'event.curentStage.name=PTO'], /cannot set event\.curentStage\.name.*did you mean event\.currentStage/],
      [['sample', 'PROJECT_MOVEMENT', '--set', '__proto__.x=1'], /--set path "__proto__\.x"/],
      [['sample', 'PROJECT_MOVEMENT', '--stage', ' '], /--stage needs a name/],
      [['sample'], /missing required argument 'trigger'/],
    ] as const) {
      const r = await runCli([...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
    }
  });

  it('pipes into replay -', async () => {
    const rx = await startReceiver();
    try {
      const s = await runCli(['sample', 'APPOINTMENT_RESCHEDULED', '--record', '55']);
      const r = await runCli(['replay', '-', '--to', rx.url], { input: s.stdout });
      expect(r.code, r.stderr).toBe(0);
      expect(rx.received[0].body.toString()).toBe(s.stdout);
    } finally {
      await rx.close();
    }
  });

  it('is listed in --help with examples', async () => {
    const r = await runCli(['sample', '--help']);
    expect(r.stdout).toMatch(/sample PROJECT_MOVEMENT --stage PTO --record 123/);
    expect(Math.max(...r.stdout.split('\n').map((l) => l.length))).toBeLessThanOrEqual(80);
  });
});
