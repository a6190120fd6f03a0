import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

export const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

// The support page's example payload (PROJECT_MOVEMENT).
const EXAMPLE = '{"record":{"id":396776,"createdAt":"2024-12-20T14:22:31.123Z","updatedAt":"2025-01-21T06:15:22.451Z","title":"Elon Musk","address":["3500 Deer Creek Rd, Palo Alto, CA 94304"],"geoLocation":["37.394817,-122.150309"],"jurisdiction":{"id":11419,"name":"Palo Alto city"},"stage":{"id":2014,"name":"Engineering"},"type":"PROJECT","dealValue":1250000,"ownerId":7462,"city":"Palo Alto","state":"CA","trades":["Solar","Battery Storage"],"status":"ACTIVE","requestStatus":"PRIORITY","primaryEmail":"elon.musk@tesla.com","primaryPhone":"+16505555000","uid":206},"event":{"recordId":396776,"triggerKey":"PROJECT_MOVEMENT","triggerName":"Project stage updated","currentStage":{"id":2014,"name":"Engineering","type":"PRODUCTION"},"previousStage":{"id":2013,"name":"Site Survey","type":"PRODUCTION"},"eventId":432563,"firedAt":"2025-01-21T06:15:23.687Z"}}';

const base = () => JSON.parse(EXAMPLE) as { event: Record<string, unknown>; record: Record<string, unknown> };

/** A payload with its own event id and firedAt, written with odd but valid formatting. */
export function payloadText(eventId: number, firedAt: string, style: 'compact' | 'spaced' = 'spaced'): string {
  const p = base();
  p.event.eventId = eventId;
  p.event.firedAt = firedAt;
  p.record.title = 'Zoë Ångström – “quoted”';
  return style === 'compact' ? JSON.stringify(p) : `${JSON.stringify(p, null, 3).replace(/": /g, '" :  ')}\r\n`;
}

export function writePayload(dir: string, name: string, eventId: number, firedAt: string): Buffer {
  const bytes = Buffer.from(payloadText(eventId, firedAt));
  writeFileSync(path.join(dir, name), bytes);
  return bytes;
}

export const eventOf = (body: Buffer) => (JSON.parse(body.toString('utf8')) as { event: Record<string, unknown> }).event;
