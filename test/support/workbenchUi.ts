/**
 * Engineer gestures on the On-Call UI in a code-server workbench, shared by the e2e tests and the drills:
 * answering quick inputs, picking quick-pick rows, using an alert row's inline and context-menu actions, a
 * notification's buttons and an editor's title-bar actions, running notebook cells and reading their outputs (drawn in
 * webview frames). Every helper waits for a condition.
 */
import type { Frame, Locator, Page } from 'playwright-core';
import { screenshot } from './browser';

/** Answers the quick input whose title contains `title` (waiting for that step, not just any input) and presses Enter. */
export async function answerInput(page: Page, title: string, value?: string): Promise<void> {
  const widget = page.locator('.quick-input-widget', { has: page.locator('.quick-input-title', { hasText: title }) });
  await widget.waitFor({ state: 'visible', timeout: 15_000 });
  const input = widget.locator('input.input');
  if (value !== undefined) await input.fill(value);
  await input.press('Enter');
}

/** Clicks the quick-pick row that shows `text`. */
export async function pickQuickItem(page: Page, text: string): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  await widget.waitFor({ state: 'visible', timeout: 30_000 });
  const row = widget.locator('.monaco-list-row', { hasText: text }).first();
  await row.waitFor({ state: 'visible', timeout: 30_000 });
  await row.click();
}

/** The first row of the side bar's trees that shows `text`. */
export function treeItem(page: Page, text: string): Locator {
  return page.locator('.part.sidebar [role="treeitem"]', { hasText: text }).first();
}

/** Clicks the inline action (hover toolbar) of a tree row whose aria-label starts with `action`. */
export async function clickInlineAction(row: Locator, action: string): Promise<void> {
  await row.hover();
  await row.locator(`.action-label[aria-label^="${action}"]`).click();
}

/** Clicks the button `action` of the notification toast whose message matches `message`. */
export async function clickNotificationAction(page: Page, message: RegExp, action: string): Promise<void> {
  const toast = page.locator('.notifications-toasts .notification-list-item', { has: page.locator('.notification-list-item-message', { hasText: message }) }).first();
  await toast.waitFor({ state: 'visible', timeout: 30_000 });
  await toast.getByRole('button', { name: action, exact: true }).click();
}

/** Clicks the action of the active editor's title bar (the icons at the right of its tab) whose aria-label starts with `action`. */
export async function clickEditorTitleAction(page: Page, action: string): Promise<void> {
  const button = page.locator(`.editor-group-container.active .editor-actions .action-label[aria-label^="${action}"]`).filter({ visible: true }).first();
  await button.waitFor({ state: 'visible', timeout: 30_000 });
  await button.click();
}

/** Right-clicks a tree row: its context menu opens. */
export async function openContextMenu(page: Page, row: Locator): Promise<void> {
  await row.click({ button: 'right' });
  await page.locator('.context-view .monaco-menu').waitFor({ state: 'visible', timeout: 15_000 });
}

/** Clicks the entry `entry` of the open context menu. */
export async function chooseMenuEntry(page: Page, entry: string): Promise<void> {
  const item = page.locator('.context-view .monaco-menu .action-item', { hasText: entry }).first();
  await item.waitFor({ state: 'visible', timeout: 15_000 });
  await item.hover();
  await item.click();
  // A click that lands while the menu is still settling is ignored and leaves the menu open; the hovered entry
  // is then the focused one, and Enter runs it (a menu that ran its entry is closed, so nothing runs twice).
  const menu = page.locator('.context-view .monaco-menu');
  try {
    await menu.waitFor({ state: 'hidden', timeout: 2000 });
  } catch {
    await page.keyboard.press('Enter');
    await menu.waitFor({ state: 'hidden', timeout: 5000 });
  }
}

/** The modal dialog (confirmations): waits for it. */
export async function dialogBox(page: Page, timeoutMs = 60_000): Promise<Locator> {
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ state: 'visible', timeout: timeoutMs });
  return dialog;
}

/** The first frame (notebook outputs are webviews) that holds `selector`. */
export async function frameWith(page: Page, selector: string, timeoutMs: number): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const f of page.frames()) {
      try {
        if ((await f.locator(selector).count()) > 0) return f;
      } catch {
        /* a frame that went away */
      }
    }
    if (Date.now() > deadline) throw new Error(`no frame shows ${selector} within ${timeoutMs} ms`);
    await page.waitForTimeout(200);
  }
}

/** The notebook list only renders cells near the viewport: find the cell showing `text`, walking the list to reveal it. */
export async function revealCell(page: Page, text: string): Promise<Locator> {
  const cell = page.locator('.notebook-editor .code-cell-row', { hasText: text }).first();
  await page.locator('.notebook-editor .monaco-list-row').filter({ visible: true }).first().waitFor({ state: 'visible', timeout: 60_000 });
  if ((await cell.count()) === 0) {
    // Focus the cell list (not an editor) and walk down cell by cell: each step reveals the next cell.
    // Click a visible cell's left gutter: outputs are drawn in a webview laid over the list, gutters are not.
    const row = page.locator('.notebook-editor .monaco-list-row').filter({ visible: true }).last();
    await row.click({ position: { x: 6, y: 6 }, force: true });
    await page.keyboard.press('Escape');
    for (let i = 0; i < 80 && (await cell.count()) === 0; i++) await page.keyboard.press('ArrowDown');
  }
  await cell.scrollIntoViewIfNeeded();
  return cell;
}

/** Clicks the run button of the code cell showing `text`. */
export async function runCell(page: Page, text: string): Promise<Locator> {
  const cell = await revealCell(page, text);
  await cell.hover();
  await cell.locator('.run-button-container .action-label').first().click();
  return cell;
}

/** Waits for a cell output (plain text, in any output frame) matching `match` and returns its text. */
export async function outputText(page: Page, match: RegExp, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const f of page.frames()) {
      try {
        const texts = await f.locator('.output-plaintext, .output_container, pre').allInnerTexts();
        const hit = texts.find((t) => match.test(t));
        if (hit) return hit;
      } catch {
        /* frame went away */
      }
    }
    if (Date.now() > deadline) {
      await screenshot(page, `no-output-${match.source.slice(0, 20)}`);
      const seen: string[] = [];
      for (const f of page.frames()) seen.push(...(await f.locator('body').allInnerTexts().catch(() => [])).map((t) => t.slice(0, 300)));
      throw new Error(`no cell output matching ${match} within ${timeoutMs} ms; frames show: ${JSON.stringify(seen.slice(-4))}`);
    }
    await page.waitForTimeout(200);
  }
}
