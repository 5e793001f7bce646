export { FunctionRunner, FunctionErrorCode } from './runner';
export type { CallerIdentity, InvokeOutcome, RunnerOptions } from './runner';
