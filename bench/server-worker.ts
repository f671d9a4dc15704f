// Runs the local api.video server on its own thread, so that in a benchmark its CPU work (as on
// api.video's own machines) does not share an event loop with the client being measured.
import { parentPort, workerData } from 'node:worker_threads';
import { startApiVideoServer, type ApiVideoServerOptions } from '../tests/server';

// api.video's clock, which a bench may move forward (advanceClock) to let tokens expire.
let clockOffsetMs = 0;
const server = await startApiVideoServer({
  ...(workerData as ApiVideoServerOptions),
  now: () => Date.now() + clockOffsetMs,
});
async function answer(call: { id: number; method: string; args: unknown[] }) {
  try {
    let result: unknown;
    if (call.method === 'seed') result = (server.seed as (...a: unknown[]) => unknown)(...call.args) && null;
    else if (call.method === 'stats') result = server.stats();
    else if (call.method === 'tokens') result = server.tokens(call.args[0] as 'production').map((t) => t.token);
    else if (call.method === 'addToken')
      result = server.addToken(call.args[0] as 'production', call.args[1] as { ttl: number });
    else if (call.method === 'advanceClock') result = clockOffsetMs += call.args[0] as number;
    else if (call.method === 'close') result = await server.close();
    else throw new Error(`unknown call ${call.method}`);
    parentPort!.postMessage({ id: call.id, result });
  } catch (error) {
    parentPort!.postMessage({ id: call.id, error: String(error) });
  }
}
parentPort!.on('message', (call: { id: number; method: string; args: unknown[] }) => void answer(call));
parentPort!.postMessage({ ready: { urls: server.urls } });
