/**
 * Turns --alertmanager URL[,URL...] (repeatable; default from ONCALL_ALERTMANAGER_URL) into clients. The bearer token
 * comes from ONCALL_ALERTMANAGER_TOKEN and is never printed.
 */
import { AlertmanagerClient } from '../alerts/alertmanagerClient';
import type { AlertmanagerSource } from '../alerts/model';
import { UsageError } from './command';
import { listFlag, type ParsedArgs } from './args';

export const ALERTMANAGER_FLAG_HELP =
  '--alertmanager URL[,URL...]  Alertmanager base URL(s), repeatable (default: $ONCALL_ALERTMANAGER_URL).\n' +
  '                             A bearer token is read from $ONCALL_ALERTMANAGER_TOKEN.';

export function alertmanagerSources(p: ParsedArgs, env: NodeJS.ProcessEnv = process.env): AlertmanagerSource[] {
  let raw = listFlag(p, 'alertmanager');
  if (raw.length === 0 && env.ONCALL_ALERTMANAGER_URL) raw = [env.ONCALL_ALERTMANAGER_URL];
  const urls = raw.flatMap((r) => r.split(',')).map((u) => u.trim()).filter(Boolean);
  if (urls.length === 0) throw new UsageError('--alertmanager URL is required (or set ONCALL_ALERTMANAGER_URL).');
  const seen = new Set<string>();
  const sources: AlertmanagerSource[] = [];
  for (const u of urls) {
    let parsed: URL;
    try {
      parsed = new URL(u);
    } catch {
      throw new UsageError(`--alertmanager ${JSON.stringify(u)} is not a URL; write for example http://127.0.0.1:9093.`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new UsageError(`--alertmanager ${JSON.stringify(u)} must be an http:// or https:// URL.`);
    }
    if (parsed.username || parsed.password) {
      throw new UsageError('Put no credentials in --alertmanager URLs: set ONCALL_ALERTMANAGER_TOKEN instead.');
    }
    const name = u.replace(/\/+$/, '');
    if (seen.has(name)) continue;
    seen.add(name);
    sources.push({ name, url: name });
  }
  return sources;
}

export function alertmanagerClients(p: ParsedArgs, env: NodeJS.ProcessEnv = process.env): AlertmanagerClient[] {
  const token = env.ONCALL_ALERTMANAGER_TOKEN?.trim();
  return alertmanagerSources(p, env).map(
    (s) => new AlertmanagerClient(s, token ? { credentials: { kind: 'bearer', token } } : {}),
  );
}
