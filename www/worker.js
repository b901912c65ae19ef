// The dashboard's Web Worker: loads the package's web build (its wasm runs here, off the page's main
// thread) and answers the page's requests (client.js) with a Session. Messages in:
// `{ id, type: "load" | "refresh", args }`; out: `{ id, ok: true, result }` (its buffers moved, not
// copied) or `{ id, ok: false, error: { name, message } }`. Requests are answered in the order they
// came. What crosses is kept small for the main thread to read: see rowset.js.
import { Session } from "./session.js";
import { useTimeEngine } from "./time.js";

const ready = (async () => {
  let pkg;
  try {
    pkg = await import("../pkg/web/index.js");
    await pkg.default();
  } catch (e) {
    throw new Error(`could not load the agent-kpis package from pkg/web/ (build it with \`make pkg\`): ${e.message}`);
  }
  useTimeEngine(pkg);
  return new Session(pkg.AgentLog);
})();

const errorOf = (e) => (e instanceof Error ? { name: e.name, message: e.message } : { name: "Error", message: String(e) });

// One request at a time, in order: a load's fetches must not let a later refresh overtake it.
let queue = Promise.resolve();
addEventListener("message", ({ data: { id, type, args } }) => {
  queue = queue.then(async () => {
    try {
      const session = await ready;
      if (type !== "load" && type !== "refresh") throw new Error(`unknown request ${type}`);
      const { result, transfer } = await session[type](args);
      postMessage({ id, ok: true, result }, transfer);
    } catch (e) {
      postMessage({ id, ok: false, error: errorOf(e) });
    }
  });
});
