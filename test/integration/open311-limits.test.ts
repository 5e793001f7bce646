// Open311 public reading is limited per client address: a low limit here, so the refusal shows
// within a few calls; a client cannot dodge it by sending its own X-Forwarded-For (the hop the
// access service adds is the one counted).
import { seedDemo } from '../../emulator/seed';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator';

jest.setTimeout(120_000);

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator({ functionEnv: { OPEN311_PUBLIC_RATE_PER_MINUTE: '3' } });
  await seedDemo(emu.app);
}, 120_000);
afterAll(() => emu.close());

test('keyless reads are rate-limited per client address, whatever X-Forwarded-For the client sends', async () => {
  const minute = () => Math.floor(Date.now() / 60_000);
  // Start just after a minute turns if it is about to, so all calls fall in one window.
  if (Date.now() % 60_000 > 50_000) await new Promise((r) => setTimeout(r, 60_000 - (Date.now() % 60_000) + 100));
  const started = minute();
  const replies: Array<{ status: number; body: unknown }> = [];
  for (let i = 0; i < 6; i++) {
    const res = await fetch(`${emu.url}/open311/v2/services.json`, { headers: { 'x-forwarded-for': `198.51.100.${i}` } });
    replies.push({ status: res.status, body: await res.json() });
  }
  expect(minute()).toBe(started);
  expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 429, 429, 429]);
  expect(replies[3].body).toEqual([{ code: 429, description: expect.stringMatching(/rate limit/) }]);
  const xml = await fetch(`${emu.url}/open311/v2/requests.xml`);
  expect(xml.status).toBe(429);
  expect(await xml.text()).toMatch(/<errors><error><code>429<\/code><description>rate limit[^<]*<\/description><\/error><\/errors>$/);
});
