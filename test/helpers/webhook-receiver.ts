import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  json: any;
}

/**
 * A webhook endpoint on 127.0.0.1 (port chosen by the system) that records what it receives.
 * `answer` decides each reply; by default 200 with an empty JSON object.
 */
export async function startReceiver(answer: (r: Received) => { status: number; body?: string } = () => ({ status: 200, body: '{}' })) {
  const received: Received[] = [];
  const state = { answer };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown = undefined;
      try {
        json = JSON.parse(body);
      } catch {
        // recorded as text
      }
      const r = { headers: req.headers, body, json };
      received.push(r);
      const { status, body: out } = state.answer(r);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(out ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    /** Changes how later requests are answered. */
    answerWith(fn: typeof answer) {
      state.answer = fn;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Whether a request carries the signature the guide describes for this secret. */
export function signedWith(r: Received, secret: string): boolean {
  const expected = 'sha256=' + crypto.createHmac('sha256', secret).update(r.body).digest('hex');
  return r.headers['x-webhook-signature-256'] === expected;
}
