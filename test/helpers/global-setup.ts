// Functions run in the emulator from their built bundles, exactly as deployed; build them once
// before any test so `npx jest` alone tests the current source.
import { buildFunctions } from '../../scripts/build-functions';

export default async function globalSetup(): Promise<void> {
  await buildFunctions();
}
