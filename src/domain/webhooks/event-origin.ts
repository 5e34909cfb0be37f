import { AsyncLocalStorage } from 'node:async_hooks';

/** The request a write came in with, for the `path` and `request_type` of the events it causes. */
export interface EventOrigin {
  method: string;
  path: string;
}

// Set by the HTTP layer around every writing request (app.ts); writes from the command line
// have no origin and their events say so by leaving the fields out.
export const eventOrigin = new AsyncLocalStorage<EventOrigin>();
