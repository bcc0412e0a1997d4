// A NATS KV client nobody at nats-jcache wrote: the official JavaScript client (@nats-io/kv, @nats-io/transport-node).
// Usage: node kv.mjs <server-url> <bucket> get|put|delete|keys <key> [value]
// Prints one JSON line on stdout: {"op":..., "key":..., "value":<string or null>, "revision":<n or null>}.
import { connect } from "@nats-io/transport-node";
import { Kvm } from "@nats-io/kv";

const [url, bucket, op, key, value] = process.argv.slice(2);
if (!url || !bucket || !op) {
  console.error("usage: node kv.mjs <server-url> <bucket> get|put|delete|keys <key> [value]");
  process.exit(2);
}

const nc = await connect({ servers: url, timeout: 10_000 });
try {
  // open() attaches to the existing bucket (the one nats-jcache created); it creates nothing.
  const kv = await new Kvm(nc).open(bucket);
  let out;
  switch (op) {
    case "get": {
      const entry = await kv.get(key);
      const live = entry !== null && entry.operation === "PUT";
      out = { op, key, value: live ? entry.string() : null, revision: entry ? entry.revision : null };
      break;
    }
    case "put": {
      const revision = await kv.put(key, value);
      out = { op, key, value, revision };
      break;
    }
    case "delete": {
      await kv.delete(key);
      out = { op, key, value: null, revision: null };
      break;
    }
    case "keys": {
      const keys = [];
      for await (const k of await kv.keys()) {
        keys.push(k);
      }
      keys.sort();
      out = { op, keys };
      break;
    }
    default:
      throw new Error("unknown operation " + op);
  }
  console.log(JSON.stringify(out));
} finally {
  await nc.drain();
}
