// Integration, weapp and end-to-end tests start emulators, cold function instances and bursts of calls:
// how long that takes depends on the machine and on what else runs on it, so no hook or test in
// these projects relies on jest's 5 s default. Files that need longer set their own.
jest.setTimeout(120_000);
