// The GraphQL-over-HTTP audit of graphql-http against a running server:
// `node scripts/audit-graphql-http.mjs http://127.0.0.1:8000/graphql [--json]`.
// Prints passed/total per requirement level (MUST, SHOULD, MAY) and each miss; with --json, one
// JSON object instead. Exits 1 when a MUST or SHOULD audit fails.
import { auditServer } from "graphql-http";

const url = process.argv[2];
if (!url) {
  console.error("usage: audit-graphql-http.mjs URL [--json]");
  process.exit(2);
}
const results = await auditServer({ url });
const levels = { MUST: { passed: 0, total: 0 }, SHOULD: { passed: 0, total: 0 }, MAY: { passed: 0, total: 0 } };
const misses = [];
for (const result of results) {
  const level = levels[result.name.split(" ", 1)[0]];
  level.total += 1;
  if (result.status === "ok") level.passed += 1;
  else misses.push({ id: result.id, name: result.name, status: result.status, reason: result.reason });
}
if (process.argv.includes("--json")) {
  console.log(JSON.stringify({ levels, misses }));
} else {
  for (const [name, level] of Object.entries(levels)) {
    console.log(`${name} ${level.passed}/${level.total}`);
  }
  for (const miss of misses) console.log(`  ${miss.status} ${miss.id} ${miss.name}: ${miss.reason}`);
}
const required = levels.MUST.passed + levels.SHOULD.passed;
process.exit(required === levels.MUST.total + levels.SHOULD.total ? 0 : 1);
