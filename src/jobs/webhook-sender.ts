import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { LookupFunction } from 'node:net';
import { signature } from '../domain/webhooks/webhook-body.js';
import type { DeliveryOutcome, WebhookSender } from '../domain/webhooks/webhooks.types.js';

export interface SenderOptions {
  /** WEBHOOKS_ALLOW_PRIVATE: callbacks may reach loopback, private and link-local addresses. */
  allowPrivate: boolean;
  timeoutMs: number;
  /** How much of an answer's body is read; the rest is ignored. */
  maxBodyBytes?: number;
  userAgent?: string;
}

// Addresses a callback must not reach: this host, private networks, link-local (cloud metadata
// services live at 169.254.169.254), shared and reserved ranges, multicast, and IPv6's
// equivalents, IPv4-mapped addresses included.
const refused = new net.BlockList();
for (const [net4, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24],
  ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) refused.addSubnet(net4, bits, 'ipv4');
for (const [net6, bits] of [
  ['::', 128], ['::1', 128], ['::ffff:0:0', 96], ['64:ff9b::', 96], ['100::', 64], ['2001:db8::', 32], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8],
] as const) refused.addSubnet(net6, bits, 'ipv6');

export function isPrivateAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 0) return true;
  return refused.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** The URL as a callback, or why it cannot be one (before any look-up). */
function parseCallback(raw: string): URL | string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'URL callback is not a valid URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'URL callback must use http or https';
  if (url.username !== '' || url.password !== '') return 'URL callback must not carry credentials';
  return url;
}

const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

/**
 * Resolves names as usual but refuses private answers. The check runs on the address the socket
 * then connects to, so a name that resolves differently the second time (DNS rebinding) gains
 * nothing.
 */
function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return (callback as any)(err);
      const list = addresses as dns.LookupAddress[];
      const usable = allowPrivate ? list : list.filter((a) => !isPrivateAddress(a.address));
      if (usable.length === 0) {
        const e = Object.assign(new Error(`${hostname} resolves to a private address`), { code: 'EPRIVATE' });
        return (callback as any)(e);
      }
      if ((options as { all?: boolean }).all) return (callback as any)(null, usable);
      return callback(null, usable[0]!.address, usable[0]!.family);
    });
  };
}

/** Posts signed webhook requests with node:http: no redirect is followed, the answer is read only so far. */
export function createWebhookSender(options: SenderOptions): WebhookSender & { close(): void } {
  const maxBody = options.maxBodyBytes ?? 64 * 1024;
  const lookup = guardedLookup(options.allowPrivate);
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: 16, lookup } as http.AgentOptions),
    'https:': new https.Agent({ keepAlive: true, maxSockets: 16, lookup } as https.AgentOptions),
  };
  const userAgent = options.userAgent ?? 'Stint-Webhooks/1.0';

  async function checkUrl(raw: string): Promise<string | null> {
    const url = parseCallback(raw);
    if (typeof url === 'string') return url;
    if (options.allowPrivate) return null;
    const host = hostOf(url);
    if (net.isIP(host)) return isPrivateAddress(host) ? 'URL callback must not point at a private, loopback or link-local address' : null;
    try {
      const addresses = await dns.promises.lookup(host, { all: true });
      if (addresses.length === 0 || addresses.every((a) => isPrivateAddress(a.address))) {
        return 'URL callback must not point at a private, loopback or link-local address';
      }
    } catch {
      return `URL callback host '${host}' could not be resolved`;
    }
    return null;
  }

  function post(raw: string, body: string, secret: string, signal?: AbortSignal): Promise<DeliveryOutcome> {
    const url = parseCallback(raw);
    if (typeof url === 'string') return Promise.resolve({ ok: false, status: null, body: '', error: url });
    const host = hostOf(url);
    // A literal address is connected to without a look-up, so it is checked here.
    if (net.isIP(host) && !options.allowPrivate && isPrivateAddress(host)) {
      return Promise.resolve({ ok: false, status: null, body: '', error: 'private address refused' });
    }
    return new Promise((resolve) => {
      let settled = false;
      const finish = (outcome: DeliveryOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve(outcome);
      };
      const onAbort = () => request.destroy(new Error('delivery aborted'));
      const request = (url.protocol === 'https:' ? https : http).request(
        url,
        {
          method: 'POST',
          agent: agents[url.protocol as 'http:' | 'https:'],
          lookup,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'user-agent': userAgent,
            'x-webhook-signature-256': signature(body, secret),
          },
        },
        (response) => {
          const status = response.statusCode ?? 0;
          const chunks: Buffer[] = [];
          let size = 0;
          const done = () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const ok = status >= 200 && status < 300;
            finish({ ok, status, body: text, error: ok ? null : status >= 300 && status < 400 ? `redirect ${status} not followed` : `HTTP ${status}` });
          };
          response.on('data', (chunk: Buffer) => {
            if (size >= maxBody) return;
            chunks.push(chunk.subarray(0, maxBody - size));
            size += chunk.length;
            // Enough read: the rest of a large answer is not waited for.
            if (size >= maxBody) {
              done();
              response.destroy();
            }
          });
          response.on('end', done);
          response.on('error', (err) => finish({ ok: false, status, body: '', error: err.message }));
        },
      );
      const timer = setTimeout(() => {
        request.destroy(new Error(`timed out after ${options.timeoutMs} ms`));
      }, options.timeoutMs);
      request.on('error', (err) => finish({ ok: false, status: null, body: '', error: err.message }));
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
      request.end(body);
    });
  }

  return {
    checkUrl,
    post,
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}
