/*
 * flowstate/unstable.h: hooks for tests, benchmarks and measurement.
 *
 * Nothing here is part of the stable C ABI: names, values and behaviour may change or go in
 * any release, a patch release included. flowstate/flowstate.h does not include this header;
 * a host that includes it accepts that. Everything a host needs to use flowstate is in the
 * stable headers.
 */
#ifndef FLOWSTATE_UNSTABLE_H
#define FLOWSTATE_UNSTABLE_H

#include "flowstate/common.h"
#include "flowstate/sql.h"
#include "flowstate/storage.h"

FLOWSTATE_BEGIN_DECLS

/* ---- the SQL splitter's instruction sets (flowstate_sql_options.isa) ----------------- */

#define FLOWSTATE_SQL_ISA_AUTO 0 /* the best this CPU has (the default) */
#define FLOWSTATE_SQL_ISA_SCALAR 1
#define FLOWSTATE_SQL_ISA_SSE2 2
#define FLOWSTATE_SQL_ISA_AVX2 3

/* Which instruction set split the script: "avx2", "sse2" or "scalar". */
FLOWSTATE_API const char *flowstate_script_isa(const flowstate_script *script);

/* ---- what a storage scan cost ---------------------------------------------------------- */

/* Directory listings and _metadata header reads the scan made (requests, on WebHDFS). */
FLOWSTATE_API uint64_t flowstate_snapshot_list_listings(const flowstate_snapshot_list *list);
FLOWSTATE_API uint64_t flowstate_snapshot_list_header_reads(const flowstate_snapshot_list *list);

FLOWSTATE_END_DECLS

#endif /* FLOWSTATE_UNSTABLE_H */
