// Integration test files whose behaviour does not depend on the database engine: when `npm test`
// runs the integration suite on both engines (TEST_DATABASE_URL set), these run on PostgreSQL only.
// Everything else runs on both, so a new file is tested on both engines until it is listed here:
// nothing engine-relevant is dropped by default. The list is reviewed like code; an entry says
// why. tests/unit/engine-independent.test.ts checks each file exists and reaches the database
// only through the app's actions and route handlers (no raw SQL, no engine switch).
//
// What makes a file engine-dependent (keep it off this list): migrations and the migrator, the
// embedded database's open/lock/crash behaviour, triggers (access-change tracking, seat counters,
// copies of names), hand-written SQL (lists, paging, search, the access loads), locks and
// concurrency, timestamps compared in SQL (sessions, limits, expiry), text the engines store
// differently (U+0000, lone surrogates: fuzz.test.ts). The files below exercise authorization
// logic through those same paths, which the files above already run on both engines.

/** @type {{ file: string, why: string }[]} */
export const ENGINE_INDEPENDENT = [
  {
    file: 'tests/integration/no-escalation.test.ts',
    why: 'A generated proof over every action × persona × payload: the oracle compares access computed in memory. The change tracking it relies on (triggers, the final check) runs on both engines in escalation, holes, members, roles and teams tests.',
  },
  {
    file: 'tests/integration/security-matrix.test.ts',
    why: 'A generated matrix of gates (action × persona, route × persona) against the reviewed table: decided in memory from the access load, which request-path and two-factor-required tests run on both engines.',
  },
  {
    file: 'tests/integration/api-matrix.test.ts',
    why: 'The API routes × keys of several permission sets, and the OpenAPI document: the key gate and its one query run on both engines in api-gate and api-key-info tests.',
  },
  {
    file: 'tests/integration/api-fuzz.test.ts',
    why: 'Property-based bodies refused by zod before any query; the "nothing written" check is a checksum both engines compute alike (fuzz.test.ts keeps the engine-specific strings on both).',
  },
]
