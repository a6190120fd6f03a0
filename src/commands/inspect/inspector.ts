/**
 * Starts the inspector over a capture directory, for `inspect` and inside `listen`: follows the
 * index, pushes each new delivery to the page (SSE), serves the API and the page bundle.
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { IndexEntry } from '../../core/capture/captureFormat.js';
import { IndexFollower } from '../../io/capture/indexFollower.js';
import { FactsCache } from '../../io/capture/payloadReader.js';
import { EventHub } from '../../io/http/inspector/eventStream.js';
import { startInspectorServer } from '../../io/http/inspector/inspectorServer.js';
import { inspectorApi, type InspectorState } from './inspectorApi.js';
import { verdictClass } from '../../core/inspect/deliveryQuery.js';

/** The page bundle, built by `npm run build` next to the compiled code. */
const STATIC_DIR = fileURLToPath(new URL('../../inspector', import.meta.url));
/** Edited payloads for replay and check come in JSON bodies: a 10 MiB payload, escaped, fits. */
const MAX_REQUEST_BODY = 32 * 1024 * 1024;

export interface InspectorOptions {
  dir: string;
  port: number;
  /** Take the next free port when `port` is taken. */
  nextFree: boolean;
  /** The capture port, which the inspector never shares. */
  avoid: number[];
  source: InspectorState['source'];
  version: string;
  /** Replay's default target (listen's --forward-to, or COPERNIQ_HOOKS_TARGET). */
  replayTarget?: InspectorState['replayTarget'];
  showSecrets?: boolean;
}

export interface RunningInspector {
  url: string;
  port: number;
  /** `listen` stored a delivery: read the index now instead of waiting for the file watch. */
  delivered: (d: { seq: number; title: string | null; moved: string | null }) => void;
  /** `listen` refused a request (not captured): counted and told to the page. */
  rejected: (r: { status: number; reason: string }) => void;
  close: () => Promise<void>;
}

/** Follows the capture index, pushing each new row (title and what moved read from its body) to open pages. */
function followCaptures(dir: string, events: EventHub, facts: FactsCache): IndexFollower {
  let publishing = Promise.resolve();
  return new IndexFollower(dir, {
    // In file order, one batch after another, each row with its title and what moved.
    added: (entries: IndexEntry[]) => {
      // Rows need their bodies read (title, what moved): not worth it when no page is open.
      if (events.listeners === 0) return events.skip();
      publishing = publishing.then(async () => {
        for (const entry of entries) events.publish('delivery', { ...entry, verdictClass: verdictClass(entry), ...(await facts.of(entry)) });
      }).catch(() => undefined);
    },
    reset: (why) => {
      facts.clear();
      events.publish('reset', { why });
    },
  });
}

export async function startInspector(opts: InspectorOptions): Promise<RunningInspector> {
  const events = new EventHub();
  const closing = new AbortController();
  const facts = new FactsCache(opts.dir);
  const follower = followCaptures(opts.dir, events, facts);
  const state: InspectorState = {
    follower,
    facts,
    version: opts.version,
    source: opts.source,
    rejected: opts.source === 'listen' ? 0 : null,
    loaded: follower.start({ watch: opts.source !== 'listen' }),
    replayTarget: opts.replayTarget ?? null,
    lastTarget: null,
    showSecrets: Boolean(opts.showSecrets),
    publish: (event, data) => events.publish(event, data),
    closing: closing.signal,
  };
  // A failed first read surfaces on every API call; it must not be an unhandled rejection meanwhile.
  state.loaded.catch(() => undefined);
  let server;
  try {
    server = await startInspectorServer({
      port: opts.port,
      nextFree: opts.nextFree,
      avoid: opts.avoid,
      token: randomBytes(24).toString('base64url'),
      staticDir: STATIC_DIR,
      api: inspectorApi(state),
      events,
      maxBody: MAX_REQUEST_BODY,
    });
  } catch (err) {
    follower.close();
    events.close();
    throw err;
  }
  return {
    url: server.url,
    port: server.port,
    delivered: (d) => {
      // listen has just parsed the body: its row needs no second read.
      facts.prime(d.seq, { title: d.title, moved: d.moved });
      follower.announce(d.seq);
    },
    rejected: (r) => {
      state.rejected = (state.rejected ?? 0) + 1;
      events.publish('rejected', { rejected: state.rejected, status: r.status, reason: r.reason });
    },
    close: async () => {
      closing.abort();
      follower.close();
      await server.close();
    },
  };
}
