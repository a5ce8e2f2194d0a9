/**
 * Bad kubeconfigs (missing fields, bad paths, unknown auth, wrong types): each is a clear error naming the file,
 * user or cluster, raised before any request when the kubeconfig alone shows the problem (kubectl would refuse it
 * too), never a TypeError and never a request sent without the auth the user asked for.
 * Calls go to a closed loopback port: a kubeconfig that passes the checks ends in "connection refused".
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConnectionError, KubeconfigError } from '../../../src/kubernetes/errors';
import { loadKubeconfig, selectContext } from '../../../src/kubernetes/kubeconfig';
import { KubeClient } from '../../../src/kubernetes/client';

const dir = mkdtempSync(join(tmpdir(), 'oncall-bad-kubeconfig-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const DEAD = '{server: "https://127.0.0.1:1"}';
const doc = (user: string, cluster = DEAD) =>
  `clusters: [{name: c, cluster: ${cluster}}]\nusers: [{name: u, user: ${user}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n`;

const silent = join(dir, 'silent-plugin');
writeFileSync(silent, '#!/bin/sh\nexit 0\n');
chmodSync(silent, 0o755);
const notExecutable = join(dir, 'not-executable-plugin');
writeFileSync(notExecutable, '#!/bin/sh\necho {}\n');

interface Case {
  name: string;
  text: string;
  /** 'load': rejected by loading/selecting/building the client; 'call': by the first request. */
  at: 'load' | 'call';
  says: RegExp;
}

const CASES: Case[] = [
  { name: 'unknown auth-provider', text: doc('{auth-provider: {name: frobnicate}}'), at: 'load', says: /user "u" \(.*\) uses the auth-provider "frobnicate", which is not supported/ },
  { name: 'auth-provider without a name', text: doc('{auth-provider: {config: {}}}'), at: 'load', says: /uses the auth-provider null, which is not supported/ },
  { name: 'removed gcp auth-provider', text: doc('{auth-provider: {name: gcp}}'), at: 'load', says: /gcp auth-provider, which kubectl removed in 1\.26\. Use the "gke-gcloud-auth-plugin"/ },
  { name: 'removed azure auth-provider', text: doc('{auth-provider: {name: azure}}'), at: 'load', says: /azure auth-provider.*"kubelogin"/ },
  { name: 'exec without command', text: doc('{exec: {apiVersion: client.authentication.k8s.io/v1}}'), at: 'load', says: /user "u" .*: exec has no command/ },
  { name: 'exec that is a string', text: doc('{exec: "get-token"}'), at: 'load', says: /exec must be a mapping/ },
  { name: 'exec with an unknown apiVersion', text: doc('{exec: {apiVersion: client.authentication.k8s.io/v0alpha9, command: /bin/true}}'), at: 'load', says: /apiVersion "client\.authentication\.k8s\.io\/v0alpha9" is not supported/ },
  { name: 'exec plugin missing', text: doc('{exec: {apiVersion: client.authentication.k8s.io/v1, command: /nonexistent/get-token}}'), at: 'call', says: /exec credential plugin \/nonexistent\/get-token of user "u" could not be started \(ENOENT\)/ },
  { name: 'exec plugin not executable', text: doc(`{exec: {apiVersion: client.authentication.k8s.io/v1, command: ${notExecutable}}}`), at: 'call', says: /could not be started \(EACCES\)/ },
  { name: 'exec plugin that prints nothing', text: doc(`{exec: {apiVersion: client.authentication.k8s.io/v1, command: ${silent}}}`), at: 'call', says: /did not print an ExecCredential/ },
  { name: 'token that is a number', text: doc('{token: 12345}'), at: 'load', says: /user "u" .*: token must be a string/ },
  { name: 'password that is a list', text: doc('{username: a, password: [b]}'), at: 'load', says: /password must be a string/ },
  { name: 'user that is not a mapping', text: doc('"just a string"'), at: 'load', says: /users\[0\] \(u\): user must be a mapping/ },
  { name: 'client certificate file missing', text: doc('{client-certificate: /nope/a.crt, client-key: /nope/a.key}'), at: 'load', says: /client-certificate file \/nope\/a\.crt of user "u" .* does not exist/ },
  { name: 'token file missing', text: doc('{token-file: /nope/token}'), at: 'load', says: /token-file file \/nope\/token of user "u"/ },
  { name: 'CA file missing', text: doc('{token: t}', '{server: "https://127.0.0.1:1", certificate-authority: /nope/ca.crt}'), at: 'load', says: /certificate-authority file \/nope\/ca\.crt of cluster "c"/ },
  { name: 'client certificate data not PEM', text: doc('{client-certificate-data: "bm90IGEgY2VydA==", client-key-data: "bm90IGEga2V5"}'), at: 'call', says: /certificate or key in the kubeconfig \(context "x"\) is not valid PEM/ },
  { name: 'server that is a number', text: doc('{token: t}', '{server: 6443}'), at: 'load', says: /cluster "c" .* has no server URL/ },
  { name: 'server without host', text: doc('{token: t}', '{server: "https://"}'), at: 'load', says: /has server "https:\/\/", which is not an http\(s\) URL/ },
  { name: 'server with another scheme', text: doc('{token: t}', '{server: "unix:///var/run/k8s.sock"}'), at: 'load', says: /not an http\(s\) URL/ },
  { name: 'contexts not a list', text: 'contexts: "x"\n', at: 'load', says: /contexts must be a list/ },
  { name: 'context without cluster', text: 'contexts: [{name: x, context: {user: u}}]\ncurrent-context: x\n', at: 'load', says: /context "x" .* names no cluster/ },
  { name: 'binary junk', text: '\u0000\u0001\u0002\uFFFD\u0007clusters', at: 'load', says: /is not (valid YAML|a kubeconfig)/ },
  { name: 'a YAML alias bomb', text: 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n', at: 'load', says: /not valid YAML|alias|kubeconfig|context/i },
];

describe('bad kubeconfigs give clear errors', () => {
  for (const c of CASES) {
    test(c.name, async () => {
      const file = join(dir, c.name.replace(/\W+/g, '-'));
      writeFileSync(file, c.text);
      let client: KubeClient | undefined;
      let error: unknown;
      try {
        client = new KubeClient(selectContext(loadKubeconfig({ kubeconfig: file })));
      } catch (e) {
        error = e;
      }
      if (c.at === 'load') {
        assert.ok(error instanceof KubeconfigError || (error instanceof Error && error.name === 'NoContextError'), `${c.name}: expected a KubeconfigError while loading, got ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
        assert.match(error.message, c.says);
        return;
      }
      assert.equal(error, undefined, `${c.name}: loading should pass, got ${String(error)}`);
      try {
        const err = await client!.json((o) => client!.core.readNamespacedPod({ name: 'p', namespace: 'default' }, o), { timeoutMs: 5000 }).then(() => undefined, (e: unknown) => e);
        assert.ok(err instanceof KubeConnectionError, `${c.name}: expected a KubeConnectionError, got ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
        assert.match(err.message, c.says);
      } finally {
        client!.close();
      }
    });
  }
  test(`corpus size: ${CASES.length} bad kubeconfigs`, () => assert.ok(CASES.length >= 20));
});
