/**
 * Whether a process on the other end of a loopback connection has read what was sent to it: its
 * socket's receive queue in /proc/net/tcp (Linux) is empty. A server that wrote an answer's
 * status and headers and then waits for this knows the client has seen them (and a client that
 * wrote a request's head, that the server has), which nothing in HTTP tells.
 */
import { existsSync, readFileSync } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';

const TABLES = ['/proc/net/tcp', '/proc/net/tcp6'];
const ESTABLISHED = '01';

export const CAN_SEE_SOCKET_QUEUES = existsSync(TABLES[0]);

/** Bytes waiting unread in the receive queue of the connection whose local port is `port`, or null if there is none. */
function unread(port: number): number | null {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const table of TABLES) {
    if (!existsSync(table)) continue;
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const [, local, , state, queues] = line.trim().split(/\s+/);
      if (local?.endsWith(`:${hexPort}`) && state === ESTABLISHED) return parseInt(queues.split(':')[1], 16);
    }
  }
  return null;
}

/**
 * Resolves once the process whose end of the connection is on local port `port` (a client's
 * ephemeral port, or the port a server listens on) has read everything written to it so far.
 * Call it after the write's callback: the bytes are in its queue by then.
 */
export async function peerHasRead(port: number): Promise<void> {
  for (;;) {
    const left = unread(port);
    if (left === null) throw new Error(`no connection on local port ${port}`);
    if (left === 0) return;
    await nextTurn();
  }
}
