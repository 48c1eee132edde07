// Splits a script with dt-sql-parser's FlinkSQL.splitSQLByStatement (an ANTLR parse) and
// prints one JSON line: bytes, statements, seconds, MB/s, peak resident memory.
// usage: node --import ./register.mjs bench.mjs FILE
import { readFileSync } from 'node:fs';
import { FlinkSQL } from 'dt-sql-parser';

const file = process.argv[2];
const text = readFileSync(file, 'utf8');
const bytes = Buffer.byteLength(text, 'utf8');
const parser = new FlinkSQL();
const rssBefore = process.resourceUsage().maxRSS;
const t0 = process.hrtime.bigint();
const statements = parser.splitSQLByStatement(text);
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const maxRssMb = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify({
  peer: 'dt-sql-parser@4.5.1 FlinkSQL.splitSQLByStatement',
  bytes,
  statements: statements ? statements.length : 0,
  // splitSQLByStatement validates first and returns null when its grammar rejects anything.
  split_ok: statements !== null && statements !== undefined,
  seconds,
  mb_per_s: bytes / (1024 * 1024) / seconds,
  max_rss_mb: maxRssMb,
  rss_before_mb: rssBefore / 1024,
}));
