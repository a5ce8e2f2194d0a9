/**
 * Chromium (Debian's /usr/bin/chromium, driven by playwright-core) on a code-server workbench, and the few
 * workbench gestures UI tests need. Every helper waits for a condition; none sleeps a fixed time.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { removeDir, tempDir } from './process';
import { repoRoot } from './codeServer';

export const CHROMIUM = process.env.ONCALL_CHROMIUM ?? '/usr/bin/chromium';

/** Flags that keep Chromium headless, offline except for loopback, and quiet. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
];

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** Browser console lines, in order (the workbench forwards extension-host output here). */
  console: string[];
  close(): Promise<void>;
}

/** Profiles of browsers not closed yet: removed when the test process exits (Playwright kills the browsers). */
const liveProfiles = new Set<string>();
let exitHook = false;
function track(dir: string): void {
  liveProfiles.add(dir);
  if (exitHook) return;
  exitHook = true;
  process.once('exit', () => liveProfiles.forEach((d) => removeDir(d)));
}

/** A fresh headless Chromium profile with one page. */
export async function launchBrowser(opts: { viewport?: { width: number; height: number } } = {}): Promise<BrowserSession> {
  const dir = tempDir('chromium');
  track(dir);
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(dir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: opts.viewport ?? { width: 1400, height: 900 },
      timeout: 60_000,
    });
  } catch (err) {
    removeDir(dir);
    liveProfiles.delete(dir);
    throw err;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  const lines: string[] = [];
  page.on('console', (m) => lines.push(m.text()));
  page.on('pageerror', (e) => lines.push(`[pageerror] ${e.message}`));
  let closed: Promise<void> | undefined;
  return {
    context,
    page,
    console: lines,
    close: () =>
      (closed ??= context
        .close()
        .catch(() => undefined)
        .finally(() => {
          removeDir(dir);
          liveProfiles.delete(dir);
        })),
  };
}

/** The workbench URL for a folder on a code-server at `url`. */
export function folderUrl(url: string, folder: string, extraQuery = ''): string {
  return `${url.replace(/\/?$/, '/')}?folder=${encodeURIComponent(folder)}${extraQuery}`;
}

/** Opens the workbench on `folder` (in `session`, or a new browser) and waits until it is laid out. */
export async function openWorkbench(url: string, folder: string, session?: BrowserSession): Promise<BrowserSession> {
  const s = session ?? (await launchBrowser());
  try {
    await s.page.goto(folderUrl(url, folder), { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await s.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    await s.page.locator('.monaco-workbench .part.activitybar, .monaco-workbench .part.sidebar').first().waitFor({ state: 'visible', timeout: 60_000 });
    return s;
  } catch (err) {
    if (!session) await s.close();
    throw err;
  }
}

/** The activity-bar entry (li.action-item) whose link's aria-label contains `ariaLabelSubstring`. */
export function activityBarItem(page: Page, ariaLabelSubstring: string) {
  return page.locator(`.part.activitybar li.action-item:has(> a[aria-label*="${cssString(ariaLabelSubstring)}"])`).first();
}

/** Shows the view container of an activity-bar item (waiting for the item to appear); never toggles it closed. */
export async function clickActivityBar(page: Page, ariaLabelSubstring: string, timeoutMs = 30_000): Promise<void> {
  const item = activityBarItem(page, ariaLabelSubstring);
  await item.waitFor({ state: 'visible', timeout: timeoutMs });
  const sidebar = page.locator('.part.sidebar');
  const active = async () => (await item.getAttribute('aria-selected')) === 'true' && (await sidebar.isVisible());
  // Clicking the active item hides the side bar, so click only when it is not showing already.
  if (!(await active())) await item.click();
  await sidebar.waitFor({ state: 'visible', timeout: timeoutMs });
  await page.waitForFunction((el) => el?.getAttribute('aria-selected') === 'true', await item.elementHandle(), { timeout: timeoutMs });
}

/** Runs a command by its palette label (e.g. 'On-Call: Refresh Alerts') through F1 and the quick input. */
export async function runCommand(page: Page, label: string, timeoutMs = 30_000): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  await page.keyboard.press('F1');
  await widget.waitFor({ state: 'visible', timeout: timeoutMs });
  const input = widget.locator('input.input');
  await input.fill(`>${label}`);
  // The row whose label is exactly the command (the list filters asynchronously and may show near matches first).
  const row = widget
    .locator('.monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) })
    .first();
  try {
    await row.waitFor({ state: 'visible', timeout: timeoutMs });
  } catch {
    const shown = await widget.locator('.monaco-list-row').allInnerTexts();
    await page.keyboard.press('Escape');
    throw new Error(`command "${label}" is not in the command palette; it shows: ${JSON.stringify(shown.slice(0, 10))}`);
  }
  await row.click();
  // Done when the palette is gone, or the widget now serves something else (a command that asks for input).
  await page.waitForFunction(
    (typed) => {
      const w = document.querySelector('.quick-input-widget');
      if (!w || w.getClientRects().length === 0) return true;
      return (w.querySelector('input.input') as HTMLInputElement | null)?.value !== typed;
    },
    `>${label}`,
    { timeout: timeoutMs },
  );
}

/** The quick input (input box or quick pick) a command opened: waits for it and returns its text field. */
export async function quickInput(page: Page, timeoutMs = 30_000) {
  const widget = page.locator('.quick-input-widget');
  await widget.waitFor({ state: 'visible', timeout: timeoutMs });
  return widget.locator('input.input');
}

export interface TreeRow {
  text: string;
  ariaLabel: string;
  level: number;
  expanded: boolean | undefined;
}

/** The visible rows of every tree on the page (role=treeitem), top to bottom. */
export async function treeRows(page: Page, scope = '.part.sidebar'): Promise<TreeRow[]> {
  return page.locator(`${scope} [role="treeitem"]`).evaluateAll((els) =>
    els
      .filter((e) => (e as HTMLElement).offsetParent !== null)
      .map((e) => {
        const exp = e.getAttribute('aria-expanded');
        return {
          text: ((e as HTMLElement).innerText ?? '').replace(/\s+/g, ' ').trim(),
          ariaLabel: e.getAttribute('aria-label') ?? '',
          level: Number(e.getAttribute('aria-level') ?? '0'),
          expanded: exp === null ? undefined : exp === 'true',
        };
      }),
  );
}

/** Waits until a visible tree row matches (a RegExp tried on its text and aria-label, or a predicate) and returns it. */
export async function waitForTreeRow(
  page: Page,
  match: RegExp | ((row: TreeRow) => boolean),
  timeoutMs = 30_000,
  scope = '.part.sidebar',
): Promise<TreeRow> {
  const test = typeof match === 'function' ? match : (r: TreeRow) => match.test(r.text) || match.test(r.ariaLabel);
  const deadline = Date.now() + timeoutMs;
  let last: TreeRow[] = [];
  for (;;) {
    last = await treeRows(page, scope);
    const hit = last.find(test);
    if (hit) return hit;
    if (Date.now() > deadline) {
      throw new Error(`no tree row matching ${String(match)} within ${timeoutMs} ms; rows: ${JSON.stringify(last.map((r) => r.ariaLabel || r.text))}`);
    }
    await page.waitForTimeout(100); // polling interval of the condition, not a fixed wait
  }
}

/** Texts of the notification toasts currently shown (and of the notification center, if open). */
export async function notifications(page: Page): Promise<string[]> {
  return page
    .locator('.notifications-toasts .notification-list-item-message, .notifications-center .notification-list-item-message')
    .evaluateAll((els) => els.filter((e) => (e as HTMLElement).offsetParent !== null).map((e) => ((e as HTMLElement).innerText ?? '').trim()));
}

/** Waits for a notification toast whose text matches and returns its text. */
export async function waitForNotification(page: Page, match: RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const hit = (await notifications(page)).find((t) => match.test(t));
    if (hit) return hit;
    if (Date.now() > deadline) throw new Error(`no notification matching ${match} within ${timeoutMs} ms; shown: ${JSON.stringify(await notifications(page))}`);
    await page.waitForTimeout(100);
  }
}

/** Saves a full-page screenshot to test-artifacts/NAME.png (gitignored) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = join(repoRoot(), 'test-artifacts');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name.replace(/[^\w.-]+/g, '_')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

function cssString(s: string): string {
  return s.replace(/["\\]/g, '\\$&');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
