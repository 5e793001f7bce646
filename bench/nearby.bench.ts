// place.nearby over 20,000 places: latency through the gateway (as the app calls it: function
// invocation, caller lookup, the geo query, the reply) and of the use-case's query alone, plus the
// CloudBase API round trips per call, split by collection.
import tcb from '@cloudbase/node-sdk';
import { nearbyPayload, type NearbyPayload, type ServiceCode, type WeeklyHours } from '../cloudfunctions/shared/contracts/place';
import { weekIntervals } from '../cloudfunctions/shared/domain/hours';
import type { PlaceDoc } from '../cloudfunctions/shared/domain/place';
import { nearby } from '../cloudfunctions/shared/usecases/place';
import { sdkConfig, startEmulator } from '../emulator';
import { buildFunctions } from '../scripts/build-functions';
import { percentile } from './lib';

const PLACES = 20_000;
const CALLS = 200;
const CENTRE = { lat: 23.1, lng: 109.6 };
// A city-sized square (about 41 × 37 km) around the demo district.
const SPAN = 0.4;
const SERVICES: ServiceCode[] = ['water', 'charging', 'restroom', 'rest', 'microwave', 'meal_discount', 'repair', 'medicine', 'parking', 'wifi', 'first_aid'];

let seed = 7;
function rnd(): number {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
}

const every = (...r: Array<[string, string]>) => Array.from({ length: 7 }, () => r.map(([open, close]) => ({ open, close })));
function hoursFor(x: number, today: string): WeeklyHours {
  if (x < 0.1) return { weekly: every(), is24h: true };
  if (x < 0.7) return { weekly: every(['08:00', '22:00']) };
  if (x < 0.85) return { weekly: every(['10:00', '14:00'], ['17:00', '21:30']) };
  if (x < 0.95) return { weekly: every(['18:00', '02:00']) };
  return { weekly: every(['08:00', '20:00']), closedDays: [today] };
}

function makePlace(i: number, now: Date): PlaceDoc {
  const hours = hoursFor(rnd(), new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10));
  const services = SERVICES.filter(() => rnd() < 0.3);
  if (services.length === 0) services.push('water');
  return {
    _id: `bench-${i}`,
    type: rnd() < 0.15 ? 'station' : 'merchant',
    name: `测试地点 ${i}`,
    status: rnd() < 0.92 ? 'approved' : 'pending',
    ownerOpenid: null,
    communityId: 'community-bench',
    gridId: null,
    location: { type: 'Point', coordinates: [CENTRE.lng + (rnd() - 0.5) * SPAN, CENTRE.lat + (rnd() - 0.5) * SPAN] },
    address: `测试路 ${i} 号`,
    phone: '0775-0000000',
    services,
    offers: [{ id: 'o1', title: '免费饮水', detail: '自带水杯' }],
    hours,
    openWeek: weekIntervals(hours),
    photos: [],
    licencePhoto: null,
    createdAt: now,
    updatedAt: now,
    createdBy: 'bench',
    reviewedBy: null,
    reviewedAt: null,
    rejectReason: null,
    suspendReason: null,
    pendingChange: null,
    reviewQueue: null,
    reviewQueuedAt: null,
    lastReview: null,
    contentFlag: null,
    applicant: null,
    requestId: null,
  };
}

const randomPoint = () => ({ lat: CENTRE.lat + (rnd() - 0.5) * 0.1, lng: CENTRE.lng + (rnd() - 0.5) * 0.1 });

export async function run(): Promise<void> {
  await buildFunctions(['place', 'user']);
  const emu = await startEmulator({ port: 0, functionEnv: { ADMIN_OPENIDS: '' } });
  try {
    const app = tcb.init(sdkConfig(emu));
    const db = app.database();
    const now = new Date();
    const started = Date.now();
    for (let i = 0; i < PLACES; i += 1000) {
      await db.collection('places').add(Array.from({ length: Math.min(1000, PLACES - i) }, (_, k) => makePlace(i + k, now)));
    }
    console.log(`seeded ${PLACES} places in ${Date.now() - started} ms (square of ${SPAN}° around ${CENTRE.lat}, ${CENTRE.lng})`);

    const byCollection: Record<string, number> = {};
    emu.stats.tap = (body) => {
      const key = `${String(body.action)}${body.collectionName ? ` ${String(body.collectionName)}` : ''}`;
      byCollection[key] = (byCollection[key] ?? 0) + 1;
    };
    const call = async (payload: unknown) => {
      const res = await fetch(`${emu.url}/api/functions/place`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-wx-openid': 'bench-rider' },
        body: JSON.stringify({ action: 'nearby', payload }),
      });
      return (await res.json()) as { ok: boolean; data: { items: unknown[]; nextCursor: string | null } };
    };
    await fetch(`${emu.url}/api/functions/user`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-wx-openid': 'bench-rider' }, body: JSON.stringify({ action: 'login', payload: {} }) });

    const scenarios: Array<[string, (p: { lat: number; lng: number }) => Partial<NearbyPayload>]> = [
      ['3 km, no filter', () => ({})],
      ['3 km, 充电 + 营业中', () => ({ services: ['charging'], openNow: true })],
      ['20 km, 服务站 + 营业中', () => ({ radius: 20000, type: 'station', openNow: true })],
      ['20 km, 饮水+如厕+WiFi', () => ({ radius: 20000, services: ['water', 'restroom', 'wifi'] })],
    ];
    console.log(`through the gateway, ${CALLS} calls each from random points in the district (page of 20):`);
    for (const [label, extra] of scenarios) {
      for (let i = 0; i < 5; i++) await call({ location: randomPoint(), ...extra(CENTRE) }); // warm
      for (const k of Object.keys(byCollection)) delete byCollection[k];
      const times: number[] = [];
      let items = 0;
      const before = emu.stats.adminRequests;
      for (let i = 0; i < CALLS; i++) {
        const t = process.hrtime.bigint();
        const res = await call({ location: randomPoint(), ...extra(CENTRE) });
        times.push(Number(process.hrtime.bigint() - t) / 1e6);
        if (!res.ok) throw new Error(`nearby failed: ${JSON.stringify(res)}`);
        items += res.data.items.length;
      }
      const perCall = (emu.stats.adminRequests - before) / CALLS;
      const split = Object.entries(byCollection).map(([k, n]) => `${k} ×${(n / CALLS).toFixed(1)}`).join(', ');
      console.log(`  ${label.padEnd(22)} p50 ${percentile(times, 50).toFixed(1)} ms  p99 ${percentile(times, 99).toFixed(1)} ms  ${(items / CALLS).toFixed(1)} items  ${perCall.toFixed(1)} round trips/call (${split})`);
    }

    // The use-case alone (SDK → emulator), as the function runs it, without the gateway and the caller lookup.
    console.log(`the use-case's query alone (${CALLS} calls):`);
    for (const [label, extra] of scenarios) {
      const times: number[] = [];
      const before = emu.stats.adminRequests;
      for (let i = 0; i < CALLS; i++) {
        const t = process.hrtime.bigint();
        await nearby(db, null, nearbyPayload.parse({ location: randomPoint(), ...extra(CENTRE) }), new Date());
        times.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
      console.log(`  ${label.padEnd(22)} p50 ${percentile(times, 50).toFixed(1)} ms  p99 ${percentile(times, 99).toFixed(1)} ms  ${((emu.stats.adminRequests - before) / CALLS).toFixed(1)} database round trips/call`);
    }
    emu.stats.tap = undefined;
  } finally {
    await emu.close();
  }
}
