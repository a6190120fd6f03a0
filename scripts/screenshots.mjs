// `npm run screenshots`: the README's pictures of the inspector at 1280x800, made from the real
// built bin. A `listen` with a token, forwarding to a loopback receiver, takes a day of deliveries
// made from samples/; Chromium opens the inspector URL that listen printed.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium, launchChromium } from './chromium.mjs';
import { demoDeliveries, postAll } from './demoCaptures.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DOCS = path.join(ROOT, 'docs');
const TOKEN = 'demo-token';

const executable = findChromium();
if (!executable) {
  console.error('screenshots: no Chromium found: install Debian\'s chromium, or set CHROMIUM_PATH');
  process.exitCode = 2;
} else {
  await main(executable);
}

async function main(executablePath) {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'inspector-shots-')), 'captures');
  const receiver = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}'));
  });
  await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
  const forward = `http://127.0.0.1:${receiver.address().port}/webhooks/coperniq`;
  const listen = spawn(process.execPath, [path.join(ROOT, 'bin/coperniq-hooks.js'), 'listen', '--port', '0', '--ui-port', '0', '--json', '--dir', dir, '--token', TOKEN, '--forward-to', forward], { stdio: ['ignore', 'pipe', 'ignore'] });
  let browser;
  try {
    const ready = await readyLine(listen);
    const items = demoDeliveries();
    await postAll(`${new URL(ready.url).origin}/?token=${TOKEN}`, items);
    browser = await launchChromium(executablePath);
    for (const scheme of ['light', 'dark']) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: scheme, deviceScaleFactor: 1 });
      await page.goto(ready.inspectorUrl);
      await page.locator('.row').nth(items.length - 1).waitFor();
      await shoot(page, scheme === 'light' ? 'inspector-list.png' : 'inspector-dark.png');
      if (scheme === 'dark') break;
      await page.locator('.row', { has: page.locator('.v-invalid') }).first().click();
      await page.locator('.finding').first().waitFor();
      await page.locator('.finding button').first().click();
      await shoot(page, 'inspector-detail.png');
      await page.keyboard.press('k');
      await page.keyboard.press('c');
      await page.locator('table.changes').waitFor();
      await shoot(page, 'inspector-compare.png');
    }
  } finally {
    await browser?.close();
    listen.kill('SIGTERM');
    receiver.close();
    rmSync(path.dirname(dir), { recursive: true, force: true });
  }
}

async function shoot(page, name) {
  // Fonts and layout settle before the picture; the live dot is green by then.
  await page.locator('.live.live').waitFor();
  await page.screenshot({ path: path.join(DOCS, name) });
  console.error(`wrote docs/${name}`);
}

function readyLine(child) {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('{"type":"ready"'));
      if (line) resolve(JSON.parse(line));
    });
    child.on('exit', (code) => reject(new Error(`listen exited (${code}) before it was ready`)));
  });
}
