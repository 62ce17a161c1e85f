// serve-page.mjs URL OUTDIR — prio serve's page in Debian's Chromium,
// driven through the DevTools protocol by playwright-core (from
// tests/npm, found through NODE_PATH; no downloaded browser).  Does what a
// product owner does and prints one line per step, "ok <step>" or
// "fail <step>: why"; t-serve.t checks each against git log.
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { unlinkSync, writeFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const [url, out, serverPid] = process.argv.slice(2);
const prio = process.env.PRIO;

function say(line) { process.stdout.write(line + '\n'); }

// The IDs of the ranked list, in order, as the page shows them.
async function order(page) {
  return page.$$eval('[data-view="list"] > li[data-story-id]',
    (lis) => lis.map((li) => li.dataset.storyId).join(' '));
}

async function waitOrder(page, want, what) {
  try {
    await page.waitForFunction((w) => [...document.querySelectorAll(
      '[data-view="list"] > li[data-story-id]')].map((li) => li.dataset.storyId)
      .join(' ') === w, want, { timeout: 5000 });
    say('ok ' + what);
  } catch (e) {
    say('fail ' + what + ': the list is ' + await order(page) + ', want ' + want);
  }
}

async function confirm(page, why) {
  const dlg = page.locator('dialog#why');
  await dlg.waitFor({ state: 'visible', timeout: 5000 });
  await dlg.locator('textarea').fill(why);
  await dlg.locator('button[type="submit"]').click();
  await dlg.waitFor({ state: 'hidden', timeout: 10000 });
}

async function step(name, fn) {
  try {
    await fn();
  } catch (e) {
    say('fail ' + name + ': ' + String(e.message).split('\n')[0]);
  }
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(url);
  await waitOrder(page, 'S-1 S-2 S-3 S-4', 'the list in backlog order');

  await step('the structure', async () => {
    const facts = await page.evaluate(() => ({
      list: document.querySelectorAll('[data-view="list"]').length,
      status: document.querySelector('[data-story-id="S-2"] [data-field="status"]').textContent,
      dialog: !!document.querySelector('dialog textarea') &&
        !!document.querySelector('dialog button[type="submit"]'),
    }));
    if (facts.list === 1 && facts.status === 'ready' && facts.dialog) say('ok the structure');
    else say('fail the structure: ' + JSON.stringify(facts));
  });

  // Cancelling changes nothing.
  await step('cancel', async () => {
    await page.focus('[data-story-id="S-2"]');
    await page.keyboard.press('Alt+ArrowUp');
    await page.locator('dialog#why').waitFor({ state: 'visible', timeout: 5000 });
    await page.locator('#why-cancel').click();
    await page.locator('dialog#why').waitFor({ state: 'hidden', timeout: 5000 });
    await waitOrder(page, 'S-1 S-2 S-3 S-4', 'cancel keeps the order');
  });

  // The keyboard: S-3 up one place (Alt+ArrowUp), with the rationale.
  await step('keyboard', async () => {
    await page.focus('[data-story-id="S-3"]');
    await page.keyboard.press('Alt+ArrowUp');
    await confirm(page, 'Keyboard: S-3 matters more');
    await waitOrder(page, 'S-1 S-3 S-2 S-4', 'Alt+ArrowUp moved S-3 up');
    const focused = await page.evaluate(() => document.activeElement.dataset.storyId);
    if (focused === 'S-3') say('ok the moved story keeps the focus');
    else say('fail the moved story keeps the focus: ' + focused);
  });

  // The keyboard: Alt+End to the bottom of the ranked stories.
  await step('keyboard end', async () => {
    await page.focus('[data-story-id="S-1"]');
    await page.keyboard.press('Alt+End');
    await confirm(page, 'Keyboard: S-1 can wait');
    await waitOrder(page, 'S-3 S-2 S-4 S-1', 'Alt+End moved S-1 to the bottom');
  });

  // A drag: S-4 by its handle onto the top half of S-3 (before it).
  await step('drag', async () => {
    const handle = page.locator('[data-story-id="S-4"] .handle');
    const target = page.locator('[data-story-id="S-3"]');
    const h = await handle.boundingBox(), t = await target.boundingBox();
    await page.mouse.move(h.x + h.width / 2, h.y + h.height / 2);
    await page.mouse.down();
    await page.mouse.move(t.x + t.width / 2, t.y + t.height / 2, { steps: 5 });
    await page.mouse.move(t.x + t.width / 2, t.y + 4, { steps: 5 });
    await page.mouse.up();
    await confirm(page, 'Drag: S-4 first');
    await waitOrder(page, 'S-4 S-3 S-2 S-1', 'the drag moved S-4 to the top');
  });

  // The list the page made from the moves' answers is prio list's.
  await step('same as prio list', async () => {
    const shown = await page.$$eval('[data-view="list"] > li[data-story-id]',
      (lis) => lis.map((li) => li.querySelector('.pos').textContent + ' ' +
        li.dataset.storyId).join(', '));
    const want = JSON.parse(execFileSync(prio, ['list', '--json'])).stories
      .map((s) => '#' + s.position + ' ' + s.id).join(', ');
    if (shown === want) say('ok the page shows what prio list says');
    else say('fail the page shows what prio list says: ' + shown + ' / ' + want);
  });

  // The page follows the repository: a commit from a terminal.
  await step('follow', async () => {
    execFileSync(prio, ['move', 'S-1', '--top', '-m', 'From a terminal']);
    await waitOrder(page, 'S-1 S-4 S-3 S-2', 'a commit elsewhere shows within seconds');
  });

  // A story: tick its open criterion, then accept it.
  await step('tick', async () => {
    await page.click('[data-story-id="S-4"] .title a');
    await page.locator('article.story').waitFor({ timeout: 5000 });
    const body = await page.$eval('article.story .body', (b) => b.innerHTML);
    if (!/<script/i.test(body) && !/javascript:/i.test(body)) say('ok the text is rendered safely');
    else say('fail the text is rendered safely: ' + body);
    await page.locator('#crit-2').check();
    await confirm(page, 'Tick: measured at 80 ms');
    await page.waitForFunction(() => {
      const b = document.querySelector('#crit-2');
      return b && b.checked;
    }, null, { timeout: 5000 });
    say('ok the criterion shows ticked');
  });

  await step('accept', async () => {
    await page.getByRole('button', { name: 'Accept' }).click();
    await confirm(page, 'Accept: shipped');
    await page.waitForFunction(() => {
      const f = document.querySelector('article.story [data-field="status"]');
      return f && f.textContent === 'accepted';
    }, null, { timeout: 5000 });
    say('ok the story shows accepted');
  });

  await step('board', async () => {
    await page.goto(url + '#/board');
    await page.locator('[data-view="board"] .column').first().waitFor({ timeout: 5000 });
    const cols = await page.$$eval('[data-view="board"] .column h2',
      (hs) => hs.map((h) => h.textContent.replace(/\s+/g, ' ').trim()).join(' | '));
    if (cols === 'draft (0) | ready (3) | in-progress (0) | done (0)') say('ok the board has a column per status');
    else say('fail the board has a column per status: ' + cols);
  });

  // prio check's problems, each linked to its story: a ready story
  // without criteria, written meanwhile (and removed again after).
  await step('check', async () => {
    writeFileSync('backlog/stories/S-5.md',
      '---\nid: S-5\ntitle: No criteria\nstatus: ready\n---\nText.\n');
    await page.goto(url + '#/check');
    const link = page.locator('[data-view="check"] a[href="#/story/S-5"]');
    await link.first().waitFor({ timeout: 5000 });
    const sev = await page.$eval('[data-view="check"] tbody tr td:nth-child(2)',
      (td) => td.textContent);
    if (sev === 'error') say('ok the problems link to their stories');
    else say('fail the problems link to their stories: ' + sev);
    unlinkSync('backlog/stories/S-5.md');
  });

  // What this branch changes since the base branch.
  await step('diff', async () => {
    await page.goto(url + '#/diff');
    await page.fill('#diff-base', 'base');
    await page.click('[data-view="diff"] button[type="submit"]');
    await page.locator('[data-view="diff"] tbody tr').first().waitFor({ timeout: 5000 });
    const rows = await page.$$eval('[data-view="diff"] tbody tr',
      (trs) => trs.map((tr) => tr.querySelector('td a').textContent).join(' '));
    const want = JSON.parse(execFileSync(prio, ['diff', 'base...HEAD', '--json']))
      .stories.map((st) => st.id).join(' ');
    if (rows === want && rows) say('ok the branch diff is prio diff\'s');
    else say('fail the branch diff is prio diff\'s: ' + rows + ' / ' + want);
  });

  await step('screenshots', async () => {
    await page.goto(url + '#/list');
    await waitOrder(page, 'S-1 S-3 S-2', 'the list without the removed story');
    await page.locator('[data-view="list"]').waitFor({ timeout: 5000 });
    await page.screenshot({ path: out + '/desktop.png' });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(200);
    await page.screenshot({ path: out + '/phone.png' });
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    if (wide <= 390) say('ok the phone page does not scroll sideways');
    else say('fail the phone page does not scroll sideways: ' + wide + ' px wide');
  });

  // The server goes away: the page says so, in words.
  await step('unreachable', async () => {
    process.kill(Number(serverPid), 'SIGTERM');
    await page.waitForFunction(() => /cannot be reached/.test(
      document.querySelector('#notice').textContent), null, { timeout: 6000 });
    say('ok a server that went away is said on the page');
  });

  // A fetch that fails is logged by the browser too; only that one is
  // expected.
  const other = errors.filter((e) => !/ERR_CONNECTION_REFUSED/.test(e));
  if (other.length) say('fail no script errors: ' + other.join(' / '));
  else say('ok no script errors');
} finally {
  await browser.close();
}
