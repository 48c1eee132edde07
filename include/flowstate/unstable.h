/** @file
 * flowstate/unstable.h: hooks for tests, benchmarks and measurement.
 *
 * Nothing here is part of the stable C ABI: names, values and behaviour may change or go in
 * any release, a patch release included. flowstate/flowstate.h does not include this header;
 * a host that includes it accepts that. Everything a host needs to use flowstate is in the
 * stable headers.
 */
#ifndef FLOWSTATE_UNSTABLE_H
#define FLOWSTATE_UNSTABLE_H

#include "flowstate/catalog.h"
#include "flowstate/common.h"
#include "flowstate/sql.h"
#include "flowstate/storage.h"

FLOWSTATE_BEGIN_DECLS

/* ---- the SQL splitter's instruction sets (flowstate_sql_options.isa) ----------------- */

#define FLOWSTATE_SQL_ISA_AUTO 0 /**< the best this CPU has (the default) */
#define FLOWSTATE_SQL_ISA_SCALAR 1
#define FLOWSTATE_SQL_ISA_SSE2 2
#define FLOWSTATE_SQL_ISA_AVX2 3

/** Which instruction set split the script: "avx2", "sse2" or "scalar". */
FLOWSTATE_API const char *flowstate_script_isa(const flowstate_script *script);

/* ---- what a storage scan cost ---------------------------------------------------------- */

/** Directory listings and _metadata header reads the scan made (requests, on WebHDFS). */
FLOWSTATE_API uint64_t flowstate_snapshot_list_listings(const flowstate_snapshot_list *list);
/** How many _metadata headers the scan read. */
FLOWSTATE_API uint64_t flowstate_snapshot_list_header_reads(const flowstate_snapshot_list *list);

/* ---- recording runs by hand ------------------------------------------------------------ */

/*
 * The lifecycle (flowstate/job.h) is what starts, ends and observes runs, and keeps the job's
 * state true with them; these calls write a run record without any of that (the job's state
 * does not change). Tests use them to set up history, and an importer to bring in the runs
 * another platform recorded. A host that drives Flink itself brings its jobs in with the
 * lifecycle's adopt instead.
 */
/**
 * Records a start of the job. A pending ONCE path is consumed here (the job is back on its
 * standing strategy; audited). restored_from (any spelling) links the run to the snapshot's
 * record when restored_snapshot is -1. Restoring in CLAIM mode hands the source snapshot to
 * Flink (never deleted by flowstate); in LEGACY mode the source is kept for good.
 * One run of a job is open at a time: ILLEGAL_STATE, naming the open run, while another is
 * (a run given with ended_ms >= 0 is a past one, and may be recorded).
 */
FLOWSTATE_API int flowstate_catalog_start_run(flowstate_run_list **out, flowstate_catalog *catalog,
                                              const char *ref, const flowstate_run_info *run);
/** Ends the job's open run with `final_status` (at the new run's start) and starts `run`, in
 * one transaction: a restart or a resume. open_run: the run the caller believes open
 * (ILLEGAL_STATE, nothing changed, when another one is); -1: whichever is open, or none. */
FLOWSTATE_API int flowstate_catalog_restart_run(flowstate_run_list **out,
                                                flowstate_catalog *catalog, const char *ref,
                                                int64_t open_run, const char *final_status,
                                                const flowstate_run_info *run);
/** Records the Flink job id of run `run_id` (32 lower-case hex digits, else INVALID_ARGUMENT),
 * audited; NOT_FOUND when there is no such run. */
FLOWSTATE_API int flowstate_catalog_set_run_job_id(flowstate_catalog *catalog, int64_t run_id,
                                                   const char *flink_job_id);
/** ended_ms -1: now. */
FLOWSTATE_API int flowstate_catalog_end_run(flowstate_catalog *catalog, int64_t run_id,
                                            const char *final_status, int64_t ended_ms);
FLOWSTATE_END_DECLS

#endif /* FLOWSTATE_UNSTABLE_H */
