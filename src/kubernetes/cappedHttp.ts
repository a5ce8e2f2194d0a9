/**
 * The HTTP library of KubeClient's calls: client-node's default (node-fetch) reads any body whole, so a broken or
 * hostile API server (or a proxy in front of it) could make the extension hold gigabytes. This one reads the reply
 * with a cap and stops reading (closing the connection) once the cap is passed.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import * as k8s from '@kubernetes/client-node';

/** Largest API server reply accepted (a list of every pod in a big cluster is well under this). */
export const MAX_KUBE_BODY_BYTES = 64 * 1024 * 1024;

/** A reply larger than the cap; `bytes` is how much was read before giving up. */
export class BodyTooLargeError extends Error {
  readonly code = 'ETOOLARGE';
  constructor(readonly limit: number, readonly bytes: number) {
    super(`reply larger than ${Math.round(limit / 1024 / 1024)} MiB`);
  }
}

/** The connection was cut after the status line, in the middle of the body. */
export class BodyCutError extends Error {
  readonly code = 'EBODYCUT';
  constructor(readonly status: number) {
    super('connection cut in the middle of the reply');
  }
}

export function cappedHttpLibrary(maxBytes = MAX_KUBE_BODY_BYTES): k8s.HttpLibrary {
  return k8s.wrapHttpLibrary({ send: (request) => send(request, maxBytes) });
}

function send(request: k8s.RequestContext, maxBytes: number): Promise<k8s.ResponseContext> {
  return new Promise((resolve, reject) => {
    const url = new URL(request.getUrl());
    const body = request.getBody();
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : body instanceof URLSearchParams ? body.toString() : undefined;
    if (body !== undefined && payload === undefined) {
      reject(new Error('form-data request bodies are not supported'));
      return;
    }
    const get = url.protocol === 'https:' ? https.request : http.request;
    const req = get(url, { method: request.getHttpMethod().toString(), headers: request.getHeaders(), agent: request.getAgent(), signal: request.getSignal() }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let done = false;
      const fail = (e: Error) => {
        if (done) return;
        done = true;
        reject(e);
      };
      res.on('data', (chunk: Buffer) => {
        if (done) return;
        size += chunk.length;
        if (size > maxBytes) {
          fail(new BodyTooLargeError(maxBytes, size));
          res.destroy();
          req.destroy();
          return;
        }
        chunks.push(chunk);
      });
      res.on('aborted', () => fail(new BodyCutError(res.statusCode ?? 0)));
      res.on('error', (e) => fail(res.complete ? e : new BodyCutError(res.statusCode ?? 0)));
      res.on('end', () => {
        if (done) return;
        if (!res.complete) return fail(new BodyCutError(res.statusCode ?? 0));
        done = true;
        const buf = Buffer.concat(chunks);
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
        resolve(new k8s.ResponseContext(res.statusCode ?? 0, headers, { text: async () => buf.toString('utf8'), binary: async () => buf }));
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}
