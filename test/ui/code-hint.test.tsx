// The hint in the 兑换码 box must not be a code: the old example (H8K2-M4Q7-R9T3) was 李明's seeded,
// already used code, and a merchant who typed it in was told 已使用. Both boxes (the merchant's home
// and 核销兑换) show the same hint, and no reading of it, as the server reads a typed code, is a code
// the generator could produce.
import { render, screen } from '@testing-library/react';
import { CODE_LENGTH, codeFromBytes, normalizeCode } from '../../cloudfunctions/shared/domain/rewards';
import MerchantHome from '../../src/pages/index/parts/merchant-home';
import FulfilPage from '../../src/pkg-points/fulfil';
import { resetSession, setUser } from '../../src/services/session';
import { makeUser } from './fixtures';
import { resetTaroMock } from './taro-mock';

jest.mock('@tarojs/taro', () => {
  const mock = require('./taro-mock');
  mock.useRouter = () => ({ params: {} });
  return mock;
});

// The codes the demo seeds (emulator/seed/points.ts): one used, one not.
const SEEDED = ['H8K2M4Q7R9T3', 'P3X7N2W8K5J4'];

/** Every character the generator can put in a code, learnt from the generator itself: the first character is the top five bits. */
const generatorAlphabet = (): Set<string> => {
  const chars = new Set<string>();
  for (let v = 0; v < 32; v++) {
    const bytes = new Uint8Array(8);
    bytes[0] = v << 3;
    chars.add(codeFromBytes(bytes)[0]);
  }
  return chars;
};

const placeholderOf = (testId: string): string => {
  const el = screen.getByTestId(testId) as HTMLElement & { placeholder?: string };
  return el.getAttribute('placeholder') ?? el.placeholder ?? '';
};

const loaded = <T,>(data: T) => ({ data, loading: false, error: '', reload: () => undefined });

beforeEach(() => {
  resetTaroMock();
  resetSession();
  delete process.env.TARO_ENV;
});

it('the code boxes hint at the format with something that can never be a code', () => {
  setUser(makeUser({ openid: 'demo-merchant-1', roles: ['worker', 'merchant'] }, { name: '黄建国' }));
  const { unmount } = render(
    <MerchantHome
      counts={loaded({ toRate: 0, unread: 0, tasks: null, feedback: { open: 0 } })}
      places={loaded({ items: [], nextCursor: null })}
      rewards={loaded({ items: [], nextCursor: null })}
    />,
  );
  const home = placeholderOf('home-fulfil-input');
  unmount();
  render(<FulfilPage />);
  const fulfil = placeholderOf('fulfil-input');

  expect(home).not.toBe('');
  expect(fulfil).toBe(home);
  expect(home).toContain('12 位');

  // Read as the server reads a typed code: no seeded code in it, and no stretch of 12 characters
  // the generator could have produced.
  const read = normalizeCode(home);
  for (const code of SEEDED) expect(read).not.toContain(code);
  const alphabet = generatorAlphabet();
  expect(alphabet.size).toBe(32);
  let run = 0;
  let longest = 0;
  for (const ch of read) {
    run = alphabet.has(ch) ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  expect(longest).toBeLessThan(CODE_LENGTH);
});
