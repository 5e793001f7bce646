// The layers, as the build enforces them (test/unit/layers/layers.test.ts runs this in `npm test`):
//   page → src/services → (callFunction) → function entry → use-case → repository → SDK
// Contracts and domain rules are plain code any layer may use; only repositories and the runtime
// touch the CloudBase SDKs; the front end takes the functions' contracts as types only, so no
// validation code ships in the mini-program. The one exception is cloudfunctions/shared/isomorphic/:
// plain code both sides run (Shanghai time, distances, labels), which imports nothing else but types.
// As resolved (node_modules/…) or, when not installed, as written.
const SDKS = '(^|/)node_modules/(@cloudbase/node-sdk|wx-server-sdk)/|^(@cloudbase/node-sdk|wx-server-sdk)(/|$)';
const SHARED = '^cloudfunctions/shared/';
const ISOMORPHIC = '^cloudfunctions/shared/isomorphic/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'sdk-only-in-repositories-and-runtime',
      comment: 'Only repositories and the runtime talk to CloudBase; use-cases, domain rules, contracts and entries go through them.',
      severity: 'error',
      from: { path: '^cloudfunctions/', pathNot: `${SHARED}(repositories|runtime)/` },
      to: { path: SDKS },
    },
    {
      name: 'usecases-not-on-runtime',
      comment: 'Use-cases take the database handle, the transaction runner and their types from repositories (repositories/transactions.ts) and the caller from domain/user: not even a type from the runtime, so none can reach the SDK instance (getApp) past a repository.',
      severity: 'error',
      from: { path: `${SHARED}usecases/` },
      to: { path: `${SHARED}runtime/` },
    },
    {
      name: 'domain-is-plain',
      comment: 'Domain rules are plain functions: no repositories, runtime, use-cases or SDK.',
      severity: 'error',
      from: { path: `${SHARED}domain/` },
      to: { path: [`${SHARED}(repositories|runtime|usecases)/`, SDKS] },
    },
    {
      name: 'contracts-are-plain',
      comment: 'Contracts (schemas and types) depend on nothing but domain types and zod.',
      severity: 'error',
      from: { path: `${SHARED}contracts/` },
      to: { path: [`${SHARED}(repositories|runtime|usecases)/`, SDKS] },
    },
    {
      name: 'repositories-below-usecases',
      comment: 'Repositories never call back up into use-cases or function entries.',
      severity: 'error',
      from: { path: `${SHARED}repositories/` },
      to: { path: [`${SHARED}usecases/`, '^cloudfunctions/(?!shared/)'] },
    },
    {
      name: 'front-end-takes-contracts-as-types',
      comment: 'The mini-program imports the functions\' contracts as types only: no zod, no server code ships.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^cloudfunctions/', pathNot: ISOMORPHIC, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'isomorphic-is-self-contained',
      comment: 'What both sides run imports nothing but itself: no zod, no SDK, no Node built-ins (weapp has none), no domain rules. Types (erased from every bundle) it may take from anywhere.',
      severity: 'error',
      from: { path: ISOMORPHIC },
      to: { pathNot: ISOMORPHIC, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'front-end-not-on-server-code',
      comment: 'Not even types from use-cases, repositories or the runtime: the contracts are the interface.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: `${SHARED}(repositories|runtime|usecases)/` },
    },
    {
      name: 'no-emulator-in-product-code',
      comment: 'Functions and pages are the same in the cloud and locally: nothing imports the emulator.',
      severity: 'error',
      from: { path: '^(cloudfunctions|src)/' },
      to: { path: '^emulator/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // node_modules is listed (so imports of the SDKs are seen) but not followed.
    exclude: { path: '^dist/' },
  },
};
