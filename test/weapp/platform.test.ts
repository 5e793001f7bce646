// What only the WeChat client checks, on the compiled mini-program: the privacy sheet's button resolves
// the pending privacy request; the map page draws <map> with a marker per place; scanCode,
// chooseLocation and requestSubscribeMessage are called from the user's tap (WeChat refuses
// requestSubscribeMessage otherwise) and only with the scopes app.json declares.
import { attr, bootApp, byText, gatewayCall, readAppJson, startEmulatorProcess, type EmulatorProcess, type WeappClient } from './harness';

jest.setTimeout(120_000);

let emu: EmulatorProcess;
let app: WeappClient | null = null;
beforeAll(async () => {
  emu = await startEmulatorProcess();
}, 120_000);
afterAll(() => emu?.stop());
afterEach(() => {
  app?.close();
  app = null;
});

const settle = async (p: { until: (f: () => boolean, w: string) => Promise<void> }, client: WeappClient, pred: () => boolean, what: string) => {
  let quiet = 0;
  await p.until(() => {
    quiet = client.pending() === 0 && pred() ? quiet + 1 : 0;
    return quiet >= 3;
  }, what);
};

test('app.json declares the location APIs the pages call and the reason shown for the location scope', () => {
  const json = readAppJson();
  expect(json.requiredPrivateInfos).toEqual(expect.arrayContaining(['getLocation', 'chooseLocation']));
  expect(json.permission?.['scope.userLocation']?.desc).toMatch(/位置|驿站/);
});

test('the privacy sheet appears when WeChat asks and its agree button resolves the request', async () => {
  app = bootApp(emu.url, 'demo-worker-1');
  const p = await app.open('pages/me/index');
  await settle(p, app, () => p.text().includes('李明'), 'the profile');
  expect(p.text()).not.toContain('隐私保护提示');

  app.needPrivacy();
  await settle(p, app, () => p.text().includes('隐私保护提示'), 'the privacy sheet');
  const agree = byText(p.root, 'wx-button', '同意并继续')!;
  expect(attr(agree, 'openType')).toBe('agreePrivacyAuthorization');
  await app.tap(agree);
  expect(app.privacyAnswers).toEqual([{ event: 'agree', buttonId: 'privacy-agree-btn' }]);
  await settle(p, app, () => !p.text().includes('隐私保护提示'), 'the sheet to close');

  // Refusing answers too (WeChat then fails the waiting API), and the sheet goes away.
  app.needPrivacy();
  await settle(p, app, () => p.text().includes('隐私保护提示'), 'the privacy sheet again');
  await app.tap(byText(p.root, 'wx-button', '拒绝')!);
  expect(app.privacyAnswers[1]).toEqual({ event: 'disagree' });
  expect(app.errors).toEqual([]);
  p.close();
});

test('the map page renders <map> with a marker for every place listed, around the gcj02 position', async () => {
  app = bootApp(emu.url, 'demo-worker-1');
  const p = await app.open('pages/map/index');
  await settle(p, app, () => app!.cloudCalls.some((c) => c.action === 'nearby' && c.reply) && !p.text().includes('正在查找'), 'places nearby');
  const map = p.root.querySelector('wx-map');
  expect(map).not.toBeNull();
  const getLocation = app.calls.find((c) => c.api === 'getLocation');
  expect(getLocation?.options.type).toBe('gcj02');

  const nearby = app.cloudCalls.filter((c) => c.action === 'nearby').pop()!.reply as { ok: true; data: { items: { name: string; location: { lat: number; lng: number } }[] } };
  const markers = attr(map!, 'markers') as { latitude: number; longitude: number; title?: string; iconPath?: string; width?: number }[];
  expect(nearby.data.items.length).toBeGreaterThan(0);
  expect(markers).toHaveLength(nearby.data.items.length);
  for (const [i, m] of markers.entries()) {
    expect(m.latitude).toBeCloseTo(nearby.data.items[i].location.lat, 5);
    expect(m.longitude).toBeCloseTo(nearby.data.items[i].location.lng, 5);
    expect(m.title).toBe(nearby.data.items[i].name);
    expect(m.iconPath).toMatch(/^\/.+\.png$/);
  }
  expect(attr(map!, 'latitude')).toBeCloseTo(23.108, 3);
  expect(app.errors).toEqual([]);
  p.close();
});

test('a merchant scans a code from the tap, sees the reward and fulfils it', async () => {
  // A rider redeems at the merchant's place, through the same gateway.
  const redeemed = (await gatewayCall(emu.url, 'demo-worker-5', 'points', { action: 'redeem', payload: { rewardId: 'rw-demo-drink', requestId: `weapp-scan-${Date.now()}` } })) as { ok: boolean; data: { code: string } };
  expect(redeemed.ok).toBe(true);
  const code = redeemed.data.code;

  app = bootApp(emu.url, 'demo-merchant-1', { scanCode: () => ({ errMsg: 'scanCode:ok', result: code, scanType: 'QR_CODE', charSet: 'utf-8' }) });
  const p = await app.open('pkg-points/fulfil/index');
  await settle(p, app, () => p.text().includes('扫码核销'), 'the scan button');
  await app.tap(byText(p.root, 'wx-button', '扫码核销')!);
  const scan = app.calls.find((c) => c.api === 'scanCode')!;
  expect(scan.fromTap).toBe(true);
  expect(scan.options.scanType).toEqual(['qrCode']);
  await settle(p, app, () => p.text().includes('冰镇酸梅汤一杯'), 'the scanned reward');

  await app.tap(byText(p.root, 'wx-button', '确认核销')!);
  await settle(p, app, () => p.text().includes('核销成功'), 'fulfilled');
  const check = (await gatewayCall(emu.url, 'demo-merchant-1', 'points', { action: 'checkCode', payload: { code } })) as { data: { status: string } };
  expect(check.data.status).toBe('fulfilled');
  expect(app.errors).toEqual([]);
  p.close();
});

test('a report: chooseLocation from the tap fills the place; submitting asks for subscriptions from the tap', async () => {
  const picked = { errMsg: 'chooseLocation:ok', name: '荷城市场东门', address: '广西贵港市港北区荷城路216号', latitude: 23.1133, longitude: 109.5841 };
  app = bootApp(emu.url, 'demo-worker-3', { chooseLocation: () => picked });
  const p = await app.open('pages/snapshot/index');
  await settle(p, app, () => p.text().includes('需要帮助的群众'), 'the categories');

  // Each category carries a drawn icon (an SVG data URI of a few hundred bytes), not a single character.
  const icons = Array.from(p.root.querySelectorAll('wx-image')).map((i) => String(attr(i, 'src') ?? '')).filter((src) => src.startsWith('data:image/svg+xml;base64,'));
  expect(icons.length).toBeGreaterThanOrEqual(11);
  for (const src of icons) {
    const svg = Buffer.from(src.slice('data:image/svg+xml;base64,'.length), 'base64').toString('utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 24 24"[^>]*>.*<\/svg>$/);
    expect(src.length).toBeLessThan(2048);
  }
  await app.tap(byText(p.root, 'wx-view', '需要帮助的群众')!);
  await app.type(p.root.querySelector('wx-textarea')!, '荷城市场东门有位老人摔倒了，需要人帮忙送医。');
  await app.tap(byText(p.root, 'wx-button', '地图选点')!);
  const choose = app.calls.find((c) => c.api === 'chooseLocation')!;
  expect(choose.fromTap).toBe(true);
  await settle(p, app, () => p.text().includes('荷城市场东门') || Array.from(p.root.querySelectorAll('wx-input')).some((i) => String(attr(i, 'value')).includes('荷城市场东门')), 'the picked place');

  await app.tap(byText(p.root, 'wx-button', '提交上报')!);
  const ask = app.calls.find((c) => c.api === 'requestSubscribeMessage')!;
  expect(ask).toBeDefined();
  expect(ask.fromTap).toBe(true);
  expect((ask.options.tmplIds as string[]).length).toBeGreaterThan(0);
  await settle(p, app, () => app!.cloudCalls.some((c) => c.action === 'submit' && c.reply), 'the submit');
  const submit = app.cloudCalls.find((c) => c.action === 'submit')!;
  expect((submit.reply as { ok: boolean }).ok).toBe(true);
  const payload = submit.payload as { location: { lat: number; lng: number }; subscribe?: string[]; category: string };
  expect(payload.category).toBe('need_help');
  expect(payload.location).toEqual({ lat: picked.latitude, lng: picked.longitude });
  expect(payload.subscribe).toEqual(['review', 'progress', 'resolved']);
  // Every API the page used that needs a declared scope was declared.
  const declared = readAppJson().requiredPrivateInfos ?? [];
  for (const c of app.calls) if (/^(getLocation|chooseLocation)$/.test(c.api)) expect(declared).toContain(c.api);
  expect(app.errors).toEqual([]);
  p.close();
});
