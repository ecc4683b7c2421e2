#!/bin/sh
# npm run bench:write-cost — PostgreSQL's CPU cost of the group-commit write function, per call and per message.
#
# Creates a scratch database on the server of $DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres),
# applies the migrations, seeds 250 cases with a sykmeldt and a thread, then calls hub_write_messages from pgbench
# (one connection, prepared, synchronous_commit off so the disk's flush is left out) with batches of 1, 2, 4 and 8
# messages of 120 characters to random cases, and prints milliseconds per message. The fixed cost of a call is what
# group commit spreads over a batch: compare the batch size the hub reaches (hub_message_write_batch_size, and the
# bench report's "messages per batch"). Also prints the WAL the calls wrote per message: the records of pg_walinspect
# that touch the scratch database's relations (so other databases' traffic on a shared server is left out; commit
# records, which name no relation, too), full-page images excluded; the search indexer does not run here, so this is
# the write alone. Needs pgbench and psql on the PATH. The scratch database is dropped after.
set -e
cd "$(dirname "$0")/.."
server=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}
seconds=${WRITE_COST_SECONDS:-5}
db="hub_writecost_$(date +%s)_$$"
admin=$(node -e 'const u = new URL(process.argv[1]); u.pathname = "/postgres"; console.log(u.href)' "$server")
target=$(node -e 'const u = new URL(process.argv[1]); u.pathname = "/" + process.argv[2]; console.log(u.href)' "$server" "$db")
work=$(mktemp -d)
cleanup() { psql -q "$admin" -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT INT TERM

psql -q "$admin" -c "CREATE DATABASE $db"
DATABASE_URL="$target" npm run --silent migration:run >/dev/null
psql -q -v ON_ERROR_STOP=1 "$target" <<'SQL'
INSERT INTO cases (id, sykmeldt_fnr, sykmeldt_id, start_date, enhet, created_by)
  SELECT md5('case' || g)::uuid, lpad(g::text, 11, '0'), 's' || g, current_date, '0101', 'write-cost' FROM generate_series(1, 250) g;
INSERT INTO case_relations (id, case_id, role, party_id, started_by)
  SELECT gen_random_uuid(), md5('case' || g)::uuid, 'sykmeldt', 's' || g, 'write-cost' FROM generate_series(1, 250) g;
INSERT INTO threads (id, case_id, subject, created_by)
  SELECT md5('thread' || g)::uuid, md5('case' || g)::uuid, 'Oppfølging', 'write-cost' FROM generate_series(1, 250) g;
INSERT INTO thread_participants (thread_id, seat) SELECT md5('thread' || g)::uuid, 'sykmeldt' FROM generate_series(1, 250) g;
CREATE EXTENSION IF NOT EXISTS pg_walinspect;
SQL

echo "hub_write_messages on $(psql -Atq "$target" -c 'SHOW server_version'), ${seconds} s per batch size:"
for n in 1 2 4 8; do
  node -e '
    const n = Number(process.argv[1]);
    const tekst = "Sykmeldt møtte på jobb i dag og tok opp tilrettelegging av arbeidsoppgaver. ".repeat(3).slice(0, 120);
    const vars = Array.from({ length: n }, (_, i) => `\\set c${i} random(1, 250)`);
    const arr = (f, type) => `ARRAY[${Array.from({ length: n }, (_, i) => f(i)).join(", ")}]::${type}[]`;
    const c = (i) => `:c${i}`;
    const args = [
      arr(() => "gen_random_uuid()", "uuid"),
      arr((i) => `md5(\x27case\x27 || ${c(i)})::uuid`, "uuid"),
      arr((i) => `md5(\x27thread\x27 || ${c(i)})::uuid`, "uuid"),
      arr((i) => `\x27s\x27 || ${c(i)}`, "text"),
      arr(() => "\x27sykmeldt\x27", "text"),
      arr(() => "\x27sykmeldt\x27", "text"),
      arr(() => "NULL", "text"),
      arr(() => "gen_random_uuid()::text", "text"),
      arr(() => `\x27${tekst}\x27`, "text"),
      arr(() => "NULL", "text"),
      arr(() => "NULL", "jsonb"),
      arr(() => "NULL", "text"),
      arr(() => "\x27[]\x27", "jsonb"),
      arr(() => "now()", "timestamptz"),
      arr(() => "\x27socket\x27", "text"),
    ];
    console.log(`${vars.join("\n")}\nSELECT count(*) FROM hub_write_messages(${args.join(", ")});`);
  ' "$n" > "$work/w$n.sql"
  before=$(psql -Atq "$target" -c 'SELECT pg_current_wal_lsn()::text || $$ $$ || (SELECT count(*) FROM messages)')
  ms=$(PGOPTIONS="-c synchronous_commit=off" pgbench -M prepared -n -c 1 -T "$seconds" -f "$work/w$n.sql" "$target" 2>"$work/pgbench.err" | awk '/^latency average/ { print $4 }')
  if [ -z "$ms" ]; then echo "pgbench failed for a batch of $n:" >&2; cat "$work/pgbench.err" >&2; exit 1; fi
  # A transaction with an id commits with a flush (synchronous_commit on here): pg_walinspect reads only flushed WAL.
  wal=$(psql -Atq "$target" -v from="${before%% *}" -v stored="${before##* }" <<'SQL'
SELECT txid_current() \g /dev/null
SELECT round(sum(r.record_length - r.fpi_length) / nullif((SELECT count(*) FROM messages) - :stored, 0))
  FROM pg_get_wal_records_info(:'from'::pg_lsn, pg_current_wal_flush_lsn()) r
 WHERE r.block_ref ~ ('rel \d+/' || (SELECT oid FROM pg_database WHERE datname = current_database()) || '/')
SQL
)
  node -e 'const [n, ms] = process.argv.slice(1).map(Number); console.log(`  batch of ${n}: ${ms.toFixed(3)} ms a call, ${(ms / n).toFixed(3)} ms a message, ${process.argv[3]} WAL bytes a message`)' "$n" "$ms" "$wal"
  eval "ms$n=$ms"
done
# A straight line through the batches of 1 and 8: what a call costs whatever it holds, and what each message adds.
node -e 'const [a, b] = process.argv.slice(1).map(Number); const per = (b - a) / 7; console.log(`  fixed ${(a - per).toFixed(3)} ms a call + ${per.toFixed(3)} ms a message`)' "$ms1" "$ms8"
