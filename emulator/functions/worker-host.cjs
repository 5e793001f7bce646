'use strict';
// One warm cloud function instance. Plain CommonJS on purpose: worker threads are loaded by Node
// itself, outside jest's and tsx's transforms.
//
// The parent gives this thread its own process.env (TCB_CONTEXT_CNFG, keys, TCB_ENV …) at spawn.
// Per invocation it sends the caller's identity (and TCB_CONTEXT_CNFG naming the invocation on
// the CloudBase API URL), which is set into process.env before `main` and removed after: the SDK's getCloudbaseContext() reads it from there, as in the cloud, and
// because an instance handles one invocation at a time, identities never mix.
const { parentPort, workerData } = require('node:worker_threads');

const { file, name } = workerData;

// A thread's process.env is backed by native code: every read crosses into C++. The SDK reads a
// dozen variables on every request it signs (getCloudbaseContext), which made env reads the
// largest single cost of a warm invocation. A plain object holds the same strings and the same
// per-invocation set/delete semantics below; nothing in a function spawns processes that would
// need the native environment.
process.env = Object.assign({}, process.env);
let main;

function send(msg) {
  parentPort.postMessage(msg);
}

function errorInfo(err) {
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack, code: err.code };
  return { name: 'Error', message: String(err) };
}

// Errors thrown outside an invocation's promise chain (a stray timer, an unhandled rejection)
// crash a cloud instance; report and let the parent retire this worker.
process.on('uncaughtException', (err) => {
  send({ type: 'fatal', error: errorInfo(err) });
  process.exit(1);
});
process.on('unhandledRejection', (err) => {
  send({ type: 'fatal', error: errorInfo(err) });
  process.exit(1);
});

try {
  const mod = require(file);
  main = mod && (typeof mod.main === 'function' ? mod.main : mod.default && mod.default.main);
  if (typeof main !== 'function') throw new Error(`${name}: the bundle exports no main function`);
  send({ type: 'ready' });
} catch (err) {
  send({ type: 'init-error', error: errorInfo(err) });
}

let busy = false;

parentPort.on('message', async (msg) => {
  if (!msg || msg.type !== 'invoke') return;
  if (busy) {
    // The parent never does this; refusing keeps the one-invocation-per-instance rule honest.
    send({ type: 'result', id: msg.id, ok: false, error: { name: 'Error', message: 'instance busy' } });
    return;
  }
  busy = true;
  const keys = Object.keys(msg.env);
  // Keys the instance already had (TCB_CONTEXT_CNFG) get their instance value back afterwards.
  const saved = {};
  for (const k of keys) {
    if (k in process.env) saved[k] = process.env[k];
    process.env[k] = msg.env[k];
  }
  try {
    const value = await main(msg.event, msg.context);
    let json;
    try {
      json = JSON.stringify(value === undefined ? null : value) ?? 'null';
    } catch (err) {
      throw new Error(`${name}: return value is not JSON-serialisable (${err.message})`);
    }
    send({ type: 'result', id: msg.id, ok: true, json });
  } catch (err) {
    send({ type: 'result', id: msg.id, ok: false, error: errorInfo(err) });
  } finally {
    for (const k of keys) {
      if (k in saved) process.env[k] = saved[k];
      else delete process.env[k];
    }
    busy = false;
  }
});
