import { plainLine, type TunnelEvent } from './tunnelEvent.js';

/** `key=value key="quoted \"value\""` pairs of one logfmt line. */
export function parseLogfmt(line: string): Record<string, string> {
  const fields: Record<string, string> = {};
  const pair = /([\w.-]+)=(?:"((?:[^"\\]|\\.)*)"|(\S*))/g;
  for (const m of line.matchAll(pair)) {
    fields[m[1]] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3];
  }
  return fields;
}

/**
 * One line of `ngrok http ADDR --log stdout --log-format logfmt` output (ngrok agent docs, "log"
 * and "log_format"):
 *   t=2026-08-20T10:54:27+0000 lvl=info msg="started tunnel" obj=tunnels name=command_line addr=http://127.0.0.1:4400 url=https://1a2b-3c4d.ngrok-free.app
 * Levels are `dbug`, `info`, `warn`, `eror` and `crit`; a failure carries `err="..."`. A fatal
 * start-up error is also printed on stderr as `ERROR:  authentication failed: ...`.
 */
export function readNgrokLine(raw: string): TunnelEvent | null {
  const line = plainLine(raw);
  if (line === '') return null;
  if (/^ERROR:\s/.test(line)) return { kind: 'error', message: line.replace(/^ERROR:\s+/, '') };
  const f = parseLogfmt(line);
  if (f.lvl === undefined) return null;
  if (f.msg === 'started tunnel' && /^https?:\/\//.test(f.url ?? '')) return { kind: 'url', url: f.url };
  if (f.msg === 'client session established') return { kind: 'connected' };
  if (f.lvl === 'eror' || f.lvl === 'crit') return { kind: 'error', message: f.err && f.err !== 'nil' ? `${f.msg ?? 'error'}: ${f.err}` : (f.msg ?? line) };
  return null;
}
