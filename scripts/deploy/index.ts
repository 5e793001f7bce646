// npm run deploy [-- --dry-run]: builds the functions, then brings the CloudBase environment in
// ENV_ID to what the repository declares (see run.ts and README "Deploy the backend to CloudBase").
import path from 'node:path';
import { buildFunctions } from '../build-functions';
import { deploy } from './run';

const dryRun = process.argv.includes('--dry-run');
const root = path.resolve(__dirname, '..', '..');

buildFunctions()
  .then(() => deploy({ root, env: process.env, dryRun }))
  .catch((err: Error) => {
    console.error(err.message);
    process.exit(1);
  });
