// A day of Coperniq deliveries made from samples/: records moving through the stages, work
// orders, a call, one invalid payload, one duplicate, one gzip body and one body that is not
// JSON. The README's screenshots and the inspector's benchmark post them to a real `listen`.
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';

const SAMPLES = new URL('../samples/', import.meta.url);
const sample = (key) => JSON.parse(readFileSync(new URL(`${key}.json`, SAMPLES), 'utf8'));

const STAGES = ['Welcome Call', 'Site Survey', 'Engineering', 'Permitting', 'Installation', 'Inspection', 'PTO'];
const PEOPLE = [
  [396776, 'Elon Musk'],
  [401122, 'Grace Hopper'],
  [401309, 'Ada Lovelace'],
  [402001, 'Katherine Johnson'],
  [402250, 'Alan Turing'],
];

let eventId = 450000;
let clock = Date.UTC(2025, 2, 4, 14, 0, 0);

function payload(key, [id, title], change = () => {}) {
  const v = sample(key);
  clock += 37_000;
  v.event.eventId = ++eventId;
  v.event.firedAt = new Date(clock).toISOString();
  v.event.recordId = id;
  v.record.id = id;
  v.record.title = title;
  if (v.workOrder) v.workOrder.recordId = id;
  change(v);
  return v;
}

function movement(person, to) {
  return payload('PROJECT_MOVEMENT', person, (v) => {
    const stage = (i) => ({ id: 2011 + i, name: STAGES[i], type: 'PRODUCTION' });
    v.event.previousStage = stage(to - 1);
    v.event.currentStage = stage(to);
    v.record.stage = { id: 2011 + to, name: STAGES[to] };
    v.record.updatedAt = v.event.firedAt;
  });
}

function taskMove(person, from, to) {
  return payload('TASK_STATUS_MOVEMENT', person, (v) => {
    v.event.previousStatus = from;
    v.event.currentStatus = to;
  });
}

const json = (v) => ({ body: Buffer.from(JSON.stringify(v, null, 2)), headers: { 'content-type': 'application/json' } });

/** The deliveries, in the order Coperniq would send them. */
export function demoDeliveries() {
  const [musk, hopper, lovelace, johnson, turing] = PEOPLE;
  const out = [];
  out.push(json(payload('PROJECT_CREATED', turing)));
  for (const p of [musk, hopper, lovelace, johnson]) out.push(json(movement(p, 1)));
  out.push(json(taskMove(musk, 'SCHEDULED', 'WORKING')));
  out.push(json(payload('CALL_UPSERTED', [401233, 'Maria Lopez'])));
  out.push(json(movement(musk, 2)));
  out.push(json(taskMove(hopper, 'SCHEDULED', 'WORKING')));
  out.push(json(movement(hopper, 2)));
  // Coperniq sent an id as a string and a time without its zone: the validator catches both.
  out.push(json(payload('PROJECT_MOVEMENT', hopper, (v) => {
    v.event.previousStage = { id: 2013, name: 'Engineering', type: 'PRODUCTION' };
    v.event.currentStage = { id: 2014, name: 'Permitting', type: 'PRODUCTION' };
    v.record.stage = { id: 2013, name: 'Engineering' };
    v.event.eventId = String(v.event.eventId);
    v.event.firedAt = v.event.firedAt.replace('Z', '');
  })));
  out.push(json(movement(lovelace, 2)));
  out.push(json(payload('APPOINTMENT_CREATED', johnson)));
  const retried = movement(johnson, 2);
  out.push(json(retried));
  out.push(json(retried));
  out.push(json(taskMove(musk, 'WORKING', 'COMPLETED')));
  out.push({ body: gzipSync(JSON.stringify(movement(musk, 3))), headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } });
  out.push({ body: Buffer.from('ping'), headers: { 'content-type': 'text/plain' } });
  out.push(json(movement(lovelace, 3)));
  out.push(json(movement(musk, 4)));
  out.push(json(payload('PROJECT_PROPERTY_UPDATED', turing)));
  out.push(json(movement(lovelace, 4)));
  return out;
}

/** POSTs each delivery in turn, waiting for its answer (listen stores it before answering). */
export async function postAll(url, items) {
  for (const item of items) {
    await new Promise((resolve, reject) => {
      const u = new URL(url);
      const req = request({ host: u.hostname, port: u.port, path: `${u.pathname}${u.search}`, method: 'POST', headers: { ...item.headers, 'user-agent': 'Coperniq-Webhooks/1.0' } }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode && res.statusCode < 300 ? resolve() : reject(new Error(`listen answered ${res.statusCode}`))));
      });
      req.on('error', reject);
      req.end(item.body);
    });
  }
}
