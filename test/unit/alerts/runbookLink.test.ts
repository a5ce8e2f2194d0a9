// Where an alert's runbook_url may lead: only Markdown runbooks in the workspace or the shipped runbooks/ open in the
// editor, web pages open outside (after a local runbook of the same name), everything else is refused with a reason.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { planRunbookLink, type RunbookLink, type RunbookRoots } from '../../../src/alerts/runbookLink';

const roots: RunbookRoots = { workspace: ['/home/me/repo', '/home/me/ops/'], extension: '/ext/oncall-1.0.0', runbookFolders: ['ops/playbooks'] };

/** The candidates as "ws0:rel" / "ext:rel", or the refusal. */
function show(link: RunbookLink): string[] | string {
  if (link.kind === 'refused') return `refused: ${link.message}`;
  const list = link.candidates.map((c) => (c.root === 'workspace' ? `ws${c.index}:${c.relative}` : `ext:${c.relative}`));
  return link.kind === 'web' ? [`web ${link.url}`, ...list] : list;
}

describe('planRunbookLink', () => {
  test('a relative path: every workspace folder, and the shipped runbooks only under runbooks/', () => {
    assert.deepEqual(show(planRunbookLink('runbooks/gpu.md', roots)), ['ws0:runbooks/gpu.md', 'ws1:runbooks/gpu.md', 'ext:runbooks/gpu.md']);
    assert.deepEqual(show(planRunbookLink('./docs/../runbooks/a.runbook.md', roots)), ['ws0:runbooks/a.runbook.md', 'ws1:runbooks/a.runbook.md', 'ext:runbooks/a.runbook.md']);
    assert.deepEqual(show(planRunbookLink('docs/oncall.md', roots)), ['ws0:docs/oncall.md', 'ws1:docs/oncall.md'], 'not the extension\'s own docs');
  });

  test('a relative path cannot climb out, and must be Markdown', () => {
    for (const url of ['../secrets.md', 'runbooks/../../x.md', `runbooks/${'../'.repeat(10)}etc/hostname`, '..']) {
      assert.match(show(planRunbookLink(url, roots)) as string, /^refused: Runbook ".*" was not opened: a relative runbook path must stay inside the workspace/, url);
    }
    assert.match(show(planRunbookLink('.env', roots)) as string, /not a Markdown runbook/);
    assert.match(show(planRunbookLink('runbooks/deploy.sh', roots)) as string, /not a Markdown runbook/);
  });

  test('an absolute path or file: URL opens only inside a workspace folder or the shipped runbooks/', () => {
    assert.deepEqual(show(planRunbookLink('/home/me/repo/runbooks/gpu.md', roots)), ['ws0:runbooks/gpu.md']);
    assert.deepEqual(show(planRunbookLink('file:///home/me/ops/playbooks/db%20down.md', roots)), ['ws1:playbooks/db down.md']);
    assert.deepEqual(show(planRunbookLink('file://localhost/ext/oncall-1.0.0/runbooks/triage.runbook.md', roots)), ['ext:runbooks/triage.runbook.md']);
    const outside = /^refused: Runbook ".*" was not opened: it is a local file outside the workspace and the runbooks shipped with On-Call\./;
    for (const url of [
      '/etc/hostname', 'file:///etc/hostname', '/home/me/repo-other/x.md', '/home/me/repo', 'file:///ext/oncall-1.0.0/package.json',
      '/ext/oncall-1.0.0/README.md', 'file:///home/me/repo/runbooks/../../.ssh/config.md', '/home/me/repo/../../../etc/passwd', 'C:\\Windows\\win.ini',
    ]) {
      assert.match(show(planRunbookLink(url, roots)) as string, outside, url);
    }
    assert.match(show(planRunbookLink('/home/me/repo/.env', roots)) as string, /not a Markdown runbook/);
    assert.match(show(planRunbookLink('file://fileserver/share/runbook.md', roots)) as string, /a file on another machine \(fileserver\)/);
    assert.match(show(planRunbookLink('file:///home/me/repo/%E0%A4%A.md', roots)) as string, /not a valid file: URL/);
  });

  test('a web page: local runbooks of the same name first (workspace folders, then shipped), then the page itself', () => {
    assert.deepEqual(show(planRunbookLink('https://wiki.example.com/ai/model-outage', roots)), [
      'web https://wiki.example.com/ai/model-outage',
      'ws0:ops/playbooks/model-outage.runbook.md', 'ws0:ops/playbooks/model-outage.md', 'ws0:runbooks/model-outage.runbook.md', 'ws0:runbooks/model-outage.md',
      'ws1:ops/playbooks/model-outage.runbook.md', 'ws1:ops/playbooks/model-outage.md', 'ws1:runbooks/model-outage.runbook.md', 'ws1:runbooks/model-outage.md',
      'ext:runbooks/model-outage.runbook.md', 'ext:runbooks/model-outage.md',
    ]);
    assert.deepEqual(show(planRunbookLink('http://wiki/', roots)), ['web http://wiki/'], 'no page name: straight to the page');
    assert.deepEqual(show(planRunbookLink('https://wiki/x/..%2F..%2Fetc', roots)), ['web https://wiki/x/..%2F..%2Fetc'], 'a name that is not a plain file name is not looked up');
    const folder = planRunbookLink('https://wiki/gpu', { ...roots, runbookFolders: ['../elsewhere', '/abs'] });
    assert.deepEqual(show(folder), ['web https://wiki/gpu', 'ws0:runbooks/gpu.runbook.md', 'ws0:runbooks/gpu.md', 'ws1:runbooks/gpu.runbook.md', 'ws1:runbooks/gpu.md', 'ext:runbooks/gpu.runbook.md', 'ext:runbooks/gpu.md']);
  });

  test('other schemes and empty values are refused', () => {
    for (const url of ['command:workbench.action.terminal.new', 'vscode://file/etc/hostname', 'javascript:alert(1)', 'ftp://x/y.md']) {
      assert.match(show(planRunbookLink(url, roots)) as string, /only web pages \(http, https\) open outside VS Code/, url);
    }
    assert.match(show(planRunbookLink('  ', roots)) as string, /it is empty/);
  });

  test('without a workspace, only the shipped runbooks and web pages', () => {
    const none: RunbookRoots = { workspace: [], extension: '/ext/oncall-1.0.0' };
    assert.deepEqual(show(planRunbookLink('runbooks/triage.runbook.md', none)), ['ext:runbooks/triage.runbook.md']);
    assert.deepEqual(show(planRunbookLink('notes/triage.md', none)), []);
    assert.match(show(planRunbookLink('/home/me/repo/runbooks/gpu.md', none)) as string, /outside the workspace/);
  });
});
