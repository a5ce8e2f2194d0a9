/**
 * TLS toward Alertmanager and Prometheus: a CA and a server certificate made with openssl in the test, served by
 * node's https module (the fault proxy with `tls`) in front of a REAL Alertmanager and a REAL Prometheus.
 *   - verification is on by default: an unknown CA is refused with a clear message, before any credential is sent;
 *   - a custom CA (caFile) works; a wrong CA or an unreadable caFile is a clear error;
 *   - insecureSkipVerify is a per-server opt-in: it connects, and the client carries a loud warning; a client
 *     without it, to the same server, still refuses.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAlertmanager, type TestAlertmanager } from '../support/alertmanager';
import { startPrometheus, type RunningPrometheus } from '../support/prometheus';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy';
import { sampleAlerts } from '../support/sampleIncident';
import { AlertmanagerClient } from '../../src/alerts/alertmanagerClient';
import { fetchAlerts } from '../../src/alerts/fetchAll';
import { PrometheusClient } from '../../src/prometheus/client';
import { HttpError } from '../../src/common/errors';

const TOKEN = 'planted-Tls-Token-5be1c0';

/** A CA and a server certificate for 127.0.0.1 and localhost signed by it, plus an unrelated second CA. */
function makePki(dir: string): { caFile: string; otherCaFile: string; key: Buffer; cert: Buffer } {
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  for (const ca of ['ca', 'other-ca']) {
    run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${ca}.key`, '-out', `${ca}.crt`, '-days', '2', '-subj', `/CN=On-Call test ${ca}`);
  }
  run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  run('x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '2', '-extfile', 'san.ext');
  return { caFile: join(dir, 'ca.crt'), otherCaFile: join(dir, 'other-ca.crt'), key: readFileSync(join(dir, 'server.key')), cert: readFileSync(join(dir, 'server.crt')) };
}

const counts = { checks: 0 };

describe('TLS toward a real Alertmanager and a real Prometheus', () => {
  let dir: string;
  let pki: ReturnType<typeof makePki>;
  let am: TestAlertmanager;
  let prom: RunningPrometheus;
  let amTls: FaultProxy;
  let promTls: FaultProxy;
  const alertCount = sampleAlerts().length;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'oncall-tls-'));
    pki = makePki(dir);
    am = await startAlertmanager();
    await am.postAlerts(sampleAlerts());
    prom = await startPrometheus();
    amTls = await startFaultProxy({ target: am.url, tls: { key: pki.key, cert: pki.cert } });
    promTls = await startFaultProxy({ target: prom.url, tls: { key: pki.key, cert: pki.cert } });
  });
  after(async () => {
    await amTls?.stop();
    await promTls?.stop();
    await am?.stop();
    await prom?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    console.log(`  TLS checks passed: ${counts.checks}`);
  });

  test('the servers speak https', () => {
    assert.match(amTls.url, /^https:\/\/127\.0\.0\.1:\d+/);
    assert.match(promTls.url, /^https:\/\/127\.0\.0\.1:\d+/);
  });

  test('verification is on by default: an unknown CA is refused with a clear message, and no token is sent', async () => {
    amTls.resetStats();
    const c = new AlertmanagerClient({ name: 'am-tls', url: amTls.url }, { credentials: { kind: 'bearer', token: TOKEN } });
    assert.equal(c.http.tlsWarning, undefined, 'no warning while verification is on');
    const err = await c.getAlerts().then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof HttpError, String(err));
    assert.equal(err.kind, 'tls');
    assert.match(err.message, /Alertmanager am-tls: TLS certificate not trusted \(\w+\)\. Set caFile/);
    assert.ok(!err.message.includes(TOKEN));
    assert.equal(amTls.requests.length, 0, 'no HTTP request (and so no Authorization header) got through the handshake');

    const p = new PrometheusClient({ baseUrl: promTls.url, label: 'Prometheus prom-tls' });
    await assert.rejects(p.instant('up'), (e: unknown) => e instanceof HttpError && e.kind === 'tls' && /Prometheus prom-tls: TLS certificate not trusted/.test(e.message));

    // Through fetchAlerts: an error entry for that source, not a crash.
    const merged = await fetchAlerts([c]);
    assert.deepEqual(merged.failed, ['am-tls']);
    assert.match(merged.errors[0].message, /TLS certificate not trusted/);
    counts.checks += 3;
  });

  test('a custom CA (caFile) works for both servers, with credentials', async () => {
    amTls.resetStats();
    const c = new AlertmanagerClient({ name: 'am-tls', url: amTls.url, caFile: pki.caFile }, { credentials: { kind: 'bearer', token: TOKEN } });
    assert.equal((await c.getAlerts()).length, alertCount);
    assert.equal(amTls.requests[0]?.authorization, `Bearer ${TOKEN}`, 'the credential is sent over the verified connection');
    const p = new PrometheusClient({ baseUrl: promTls.url, label: 'Prometheus prom-tls', caFile: pki.caFile });
    const reply = await p.instant('vector(42)');
    assert.equal(reply.result.resultType, 'vector');
    counts.checks += 2;
  });

  test('a CA that did not sign the certificate is refused', async () => {
    const c = new AlertmanagerClient({ name: 'am-wrong-ca', url: amTls.url, caFile: pki.otherCaFile });
    await assert.rejects(c.getAlerts(), (e: unknown) => e instanceof HttpError && e.kind === 'tls' && /am-wrong-ca: TLS certificate not trusted/.test(e.message));
    const p = new PrometheusClient({ baseUrl: promTls.url, caFile: pki.otherCaFile });
    await assert.rejects(p.instant('up'), (e: unknown) => e instanceof HttpError && e.kind === 'tls');
    counts.checks += 2;
  });

  test('an unreadable caFile is a clear error naming the file and the setting', () => {
    const missing = join(dir, 'no-such-ca.crt');
    assert.throws(
      () => new AlertmanagerClient({ name: 'am-tls', url: amTls.url, caFile: missing }),
      (e: unknown) => e instanceof HttpError && e.kind === 'tls' && e.message.includes(missing) && /ENOENT.*Fix the caFile setting/.test(e.message),
    );
    // A file that exists but holds no certificate.
    const junk = join(dir, 'junk.crt');
    writeFileSync(junk, 'not a certificate\n');
    assert.throws(
      () => new PrometheusClient({ baseUrl: promTls.url, label: 'Prometheus prom-tls', caFile: junk }),
      (e: unknown) => e instanceof HttpError && e.kind === 'tls' && /Prometheus prom-tls: the CA file .*junk\.crt holds no PEM certificate/.test(e.message),
    );
    counts.checks += 2;
  });

  test('insecureSkipVerify is per server and loud: that server connects with a warning, the others still verify', async () => {
    const insecure = new AlertmanagerClient({ name: 'am-insecure', url: amTls.url, insecureSkipVerify: true });
    const strict = new AlertmanagerClient({ name: 'am-strict', url: amTls.url });
    assert.match(insecure.http.tlsWarning ?? '', /Alertmanager am-insecure: TLS certificate verification is OFF \(insecureSkipVerify\).*Set caFile instead/);
    assert.equal(strict.http.tlsWarning, undefined);
    const merged = await fetchAlerts([insecure, strict]);
    assert.deepEqual(merged.failed, ['am-strict'], 'the opt-in of one server does not leak to another');
    assert.equal(merged.alerts.length, alertCount);
    const p = new PrometheusClient({ baseUrl: promTls.url, label: 'Prometheus prom-insecure', insecureSkipVerify: true });
    assert.match(p.http.tlsWarning ?? '', /Prometheus prom-insecure: TLS certificate verification is OFF/);
    assert.equal((await p.instant('vector(1)')).result.resultType, 'vector');
    const plain = new AlertmanagerClient({ name: 'am-plain', url: am.url, insecureSkipVerify: true });
    assert.match(plain.http.tlsWarning ?? '', /plain http/);
    counts.checks += 4;
  });
});
