import { printable } from '../../core/text/printable.js';
import type { Paint } from '../paint.js';
import { wrap } from '../width.js';

export interface ExposureView {
  /** `--host` as given: not a loopback address. */
  host: string;
  port: number;
  /** What follows the port in the URL (`/?token=…`). */
  rest: string;
  /** This machine's addresses, for a listener bound to every interface. */
  addresses: string[];
  tokenSet: boolean;
  dir: string;
}

const everywhere = (host: string) => host === '0.0.0.0' || host === '::';

/**
 * For `--host` wider than loopback: how this machine and others reach the listener (the URL line
 * shows the bind address, which is no address to paste), and a warning when there is no token.
 */
export function renderListenExposure(v: ExposureView, p: Paint, width: number): string[] {
  const lines: string[] = [];
  if (everywhere(v.host)) {
    const others = v.addresses.map((a) => `http://${a}:${v.port}${v.rest}`).join(', ');
    lines.push(...wrap(`bound to every interface: from this machine http://127.0.0.1:${v.port}${v.rest}, from others ${others || "this machine's address"}`, width, '  ', '    '));
  }
  if (!v.tokenSet) {
    const text = `listening on ${printable(v.host)} without --token: anyone who can reach this machine can post deliveries into ${printable(v.dir)} (set --token or COPERNIQ_HOOKS_TOKEN)`;
    lines.push(...wrap(text, width, `${p.yellow('warning:')} `, '  '));
  }
  return lines;
}
