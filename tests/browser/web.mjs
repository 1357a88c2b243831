// The web view in a real browser: Debian's Chromium driven by Playwright (playwright-core: no
// browser download), accessibility checked with axe-core. Run by tests/integration/test_web.py,
// which starts the broker, ingest and serve and passes what to do in the environment:
//   PAKN_WEB_BASE        http://127.0.0.1:PORT
//   PAKN_WEB_CASE        JSON: {"operator": [user, password], "other": [user, password],
//                         "id": petition id, "search": words without tone marks,
//                         "artifacts": folder for screenshots and the PDF}
// Prints one JSON line of findings; exits 1 with the reason on the first failure.
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import fs from 'node:fs';
import path from 'node:path';

const base = process.env.PAKN_WEB_BASE;
const c = JSON.parse(process.env.PAKN_WEB_CASE);
const findings = { steps: [], axe: {} };
fs.mkdirSync(c.artifacts, { recursive: true });

function check(ok, what) {
  if (!ok) throw new Error(what);
  findings.steps.push(what);
}

async function axe(page, name) {
  // WCAG 2.1 A and AA rules: labels, contrast, landmarks, names of links and buttons.
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  findings.axe[name] = { passes: result.passes.length, violations: result.violations.map(v => `${v.id} (${v.impact}): ${v.nodes.length}`) };
  check(result.violations.length === 0, `axe on ${name}: no WCAG 2.1 AA violation (${findings.axe[name].violations.join('; ')})`);
}

async function signIn(page, [user, password]) {
  await page.goto(`${base}/ui/`);
  check(page.url().includes('/ui/login'), `${user}: the work list sends a stranger to sign in`);
  await page.getByLabel('Tên đăng nhập').fill(user);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(/\/ui\/(\?.*)?$/);
  check(await page.locator('h1').first().innerText().then(t => t.includes('Danh sách xử lý')), `${user} signed in and sees the work list`);
}

async function act(page, action, fill) {
  await page.selectOption('#action', action);
  if (fill) await fill(page);
  await Promise.all([page.waitForURL(/\/ui\/p\//), page.getByRole('button', { name: 'Thực hiện' }).click()]);
  const flash = await page.locator('.flash').innerText();
  findings.steps.push(`${action}: ${flash}`);
  check(flash.startsWith('Đã ghi nhận'), `${action} applied: ${flash}`);
  return flash;
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
  const page = await context.newPage();
  const failures = [];
  page.on('console', m => { if (m.type() === 'error') failures.push(m.text()); });

  await page.goto(`${base}/ui/login`);
  await axe(page, 'login');
  await signIn(page, c.operator);

  // Find the petition by words typed without tone marks.
  await page.goto(`${base}/ui/?tab=all`);
  await page.getByLabel('Tìm trong nội dung').fill(c.search);
  await Promise.all([page.waitForURL(/q=/), page.getByRole('button', { name: 'Lọc' }).click()]);
  const link = page.getByRole('link', { name: c.id, exact: true });
  check(await link.count() === 1, `the search "${c.search}" finds ${c.id}`);
  findings.rows = await page.locator('table.list tbody tr').count();
  await page.screenshot({ path: path.join(c.artifacts, 'worklist.png'), fullPage: true });
  await axe(page, 'worklist');

  await link.click();
  await page.waitForURL(new RegExp(`/ui/p/${c.id}$`));
  check((await page.locator('h1').innerText()).includes('Chờ tiếp nhận'), 'the petition page shows it received');
  check(!(await page.content()).includes(c.phone), 'the petition page masks the reporter\'s phone');
  await page.screenshot({ path: path.join(c.artifacts, 'petition.png'), fullPage: true });
  await axe(page, 'petition');

  // The personal data on demand: a reason first; the page in clear answers the POST, and the
  // reveal goes into the history (checked below, once ingest has applied it).
  await page.locator('details.reveal summary').click();
  await page.getByLabel('Lý do xem').fill(c.reveal_reason);
  await Promise.all([page.waitForURL(/\/reveal$/), page.locator('details.reveal button[type=submit]').click()]);
  check((await page.content()).includes(c.phone), 'the revealed page shows the reporter\'s phone');
  check((await page.locator('p.flash').innerText()).includes(c.reveal_reason), 'and says why it is shown');
  await page.screenshot({ path: path.join(c.artifacts, 'petition-revealed.png'), fullPage: true });
  await axe(page, 'petition-revealed');
  await page.goto(`${base}/ui/p/${c.id}`);
  check(!(await page.content()).includes(c.phone), 'the page is masked again afterwards');

  await act(page, 'accept', p => p.fill('#note', 'Hồ sơ hợp lệ.'));
  await act(page, 'assign', async p => { await p.selectOption('#agency', c.agency); await p.fill('#assignee', c.operator[0]); });
  await act(page, 'start');
  await act(page, 'respond', async p => {
    await p.fill('#response', c.answer);
    await p.fill('#doc_number', c.doc_number);
    await p.check('#public');
  });
  await act(page, 'publish');
  check((await page.locator('h1').innerText()).includes('Đã công khai trả lời'), 'the page shows it published');
  const history = await page.locator('table.history tbody tr').allInnerTexts();
  check(history.some(r => r.includes(c.operator[0])), 'the history names the signed-in operator as the actor');
  check(history.some(r => r.includes('Xem thông tin cá nhân') && r.includes(c.reveal_reason)),
        'the history records the reveal and its reason');
  await page.screenshot({ path: path.join(c.artifacts, 'petition-published.png'), fullPage: true });
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path: path.join(c.artifacts, 'petition.pdf'), format: 'A4' });
  await page.emulateMedia({ media: 'screen' });

  // A phone: the work list fits the width.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${base}/ui/?tab=all`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  const wide = await page.evaluate(() => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
    .slice(0, 5).map(e => `${e.tagName.toLowerCase()}.${e.className}#${e.id} ${Math.round(e.getBoundingClientRect().right)}`));
  check(overflow <= 0, `the work list fits a 390 px phone (overflow ${overflow} px: ${wide.join(', ')})`);
  await page.screenshot({ path: path.join(c.artifacts, 'worklist-phone.png'), fullPage: true });

  // The digest page.
  await page.setViewportSize({ width: 1280, height: 900 });
  const digest = await page.goto(`${base}/ui/digest`);
  check(digest.status() === 200 && (await page.content()).includes('<svg'), 'the digest page renders with its charts');

  check(failures.length === 0, `no error in the browser console (${failures.join('; ')})`);

  // Sign out, then an operator of another agency is refused the page.
  await page.goto(`${base}/ui/`);
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.waitForURL(/\/ui\/login/);
  await signIn(page, c.other);
  const refused = await page.goto(`${base}/ui/p/${c.id}`);
  check(refused.status() === 403, `another agency's operator gets 403 (got ${refused.status()})`);
  check((await page.locator('h1').innerText()).includes('Không có quyền'), 'the page says it is not allowed');
  check(!(await page.content()).includes(c.answer.slice(0, 20)), 'and shows nothing of the petition');
  const list = await page.goto(`${base}/ui/?tab=all&q=${encodeURIComponent(c.search)}`);
  check(list.status() === 200 && (await page.getByRole('link', { name: c.id, exact: true }).count()) === 0, 'nor lists it');
  console.log(JSON.stringify(findings));
} catch (e) {
  console.log(JSON.stringify(findings));
  console.error(`browser test failed: ${e.message}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
