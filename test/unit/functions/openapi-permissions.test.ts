// Each function may call only the WeChat open APIs its config.json lists under permissions.openapi
// (CloudBase answers any other with -604101, and the emulator does the same). Read from the built
// bundles — what is deployed — so an API reached through shared code is seen where it lands.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const DIST = path.join(__dirname, '..', '..', '..', 'dist', 'functions');
const APIS = ['security.msgSecCheck', 'security.mediaCheckAsync', 'subscribeMessage.send'];
const names = readdirSync(DIST, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith('.')).map((d) => d.name);

test.each(names)('%s lists every open API its bundle calls, and no other', (name) => {
  const code = readFileSync(path.join(DIST, name, 'index.js'), 'utf8');
  const used = APIS.filter((api) => code.includes(`${api}(`)).sort();
  const listed = ((JSON.parse(readFileSync(path.join(DIST, name, 'config.json'), 'utf8')) as { permissions?: { openapi?: string[] } }).permissions?.openapi ?? []).slice().sort();
  expect(listed).toEqual(used);
});
