/**
 * The inspector's Server-Sent Events (`GET /api/events`): every event gets an id and the last
 * RING of them are kept, so a page that reconnects with `Last-Event-ID` misses nothing (or is
 * told to reload with a `reset` event when it was away too long). Comment lines keep idle
 * connections open through proxies and let both ends notice a dead peer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

const RING = 1000;
/** A client this far behind (a stalled tab) is dropped; it reconnects and resumes by id. */
const MAX_BUFFERED = 4 * 1024 * 1024;

interface Sent {
  id: number;
  text: string;
}

export class EventHub {
  private nextId = 1;
  private readonly ring: Sent[] = [];
  private readonly clients = new Set<ServerResponse>();
  private readonly timer: NodeJS.Timeout;

  constructor(heartbeatMs = 15_000) {
    this.timer = setInterval(() => this.broadcast(': ping\n\n'), heartbeatMs);
    this.timer.unref();
  }

  get listeners(): number {
    return this.clients.size;
  }

  publish(event: string, data: unknown): void {
    const id = this.nextId++;
    const text = `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    this.ring.push({ id, text });
    if (this.ring.length > RING) this.ring.shift();
    this.broadcast(text);
  }

  /**
   * Events nobody was there to hear were not built: a page that comes back from before them must
   * load again, so the ring (what a resume could replay) starts over past them.
   */
  skip(): void {
    this.nextId++;
    this.ring.length = 0;
  }

  attach(req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): void {
    res.writeHead(200, { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' });
    res.write('retry: 1000\n\n');
    const last = Number(req.headers['last-event-id']);
    if (Number.isSafeInteger(last) && last > 0 && last < this.nextId - 1) {
      const first = this.ring[0]?.id ?? this.nextId;
      if (last + 1 < first) res.write(`event: reset\ndata: ${JSON.stringify({ why: 'missed too many events while away' })}\n\n`);
      else for (const e of this.ring) if (e.id > last) res.write(e.text);
    }
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
  }

  close(): void {
    clearInterval(this.timer);
    for (const res of this.clients) res.end();
    this.clients.clear();
  }

  private broadcast(text: string): void {
    for (const res of this.clients) {
      if (res.writableLength > MAX_BUFFERED) {
        this.clients.delete(res);
        res.destroy();
        continue;
      }
      res.write(text);
    }
  }
}
