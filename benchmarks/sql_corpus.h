// A generated Flink SQL script of realistic statements, the input of the SQL benchmarks and
// of the peer comparison: SET lines, CREATE TABLE with columns and WITH lists, INSERT ...
// SELECT with joins and aggregations, statement sets, line and block comments, Chinese
// comments, CTAS. Plain Flink SQL, so that the peer's grammar accepts all of it.
// Deterministic for a given size.
#ifndef FLOWSTATE_BENCHMARKS_SQL_CORPUS_H_
#define FLOWSTATE_BENCHMARKS_SQL_CORPUS_H_

#include <cstdint>
#include <string>

namespace flowstate::bench {

inline std::string GenerateSqlScript(size_t target_bytes) {
  std::string out;
  out.reserve(target_bytes + 4096);
  uint64_t state = 0x9E3779B97F4A7C15ull;
  auto rnd = [&](uint64_t n) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state % n;
  };
  const char* const keys[] = {"execution.checkpointing.interval",
                              "table.exec.state.ttl",
                              "pipeline.name",
                              "parallelism.default",
                              "table.exec.mini-batch.enabled",
                              "state.backend.type"};
  const char* const values[] = {"6000", "1 h", "orders_to_doris", "4", "true", "rocksdb"};
  const char* const types[] = {"BIGINT", "STRING",       "DECIMAL(10, 2)", "TIMESTAMP(3)",
                               "INT",    "VARCHAR(255)", "DOUBLE",         "BOOLEAN"};
  size_t n = 0;
  while (out.size() < target_bytes) {
    ++n;
    std::string id = std::to_string(n);
    switch (rnd(10)) {
      case 0:
      case 1:
        out += "SET '";
        out += keys[rnd(6)];
        out += "' = '";
        out += values[rnd(6)];
        out += "';\n";
        break;
      case 2:
      case 3:
      case 4: {
        if (rnd(3) == 0) out += "-- 源表: 订单明细 (orders detail), partition by dt\n";
        out += "CREATE TABLE IF NOT EXISTS ods_orders_" + id + " (\n";
        size_t cols = 4 + rnd(6);
        for (size_t c = 0; c < cols; ++c) {
          out += "  `col_" + std::to_string(c) + "` " + types[rnd(8)] +
                 (c == 0 ? " NOT NULL" : "") + ",\n";
        }
        out += "  `ts` TIMESTAMP(3),\n  WATERMARK FOR `ts` AS `ts` - INTERVAL '5' SECOND,\n";
        out += "  PRIMARY KEY (`col_0`) NOT ENFORCED\n) COMMENT 'orders; partitioned' WITH (\n";
        out += "  'connector' = 'kafka',\n  'topic' = 'orders_" + id + "',\n";
        out += "  'properties.bootstrap.servers' = 'kafka-1:9092,kafka-2:9092',\n";
        out += "  'properties.group.id' = 'flink_" + id + "',\n";
        out += "  'scan.startup.mode' = 'group-offsets',\n  'format' = 'debezium-json',\n";
        out +=
            "  'properties.sasl.jaas.config' = "
            "'org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" "
            "password=\"p" +
            id + "\";'\n);\n";
        break;
      }
      case 5:
      case 6:
        out += "INSERT INTO dwd_orders_" + id +
               "\nSELECT o.col_0, o.col_1, SUM(o.col_2) AS total, COUNT(*) AS cnt\n";
        out += "FROM ods_orders_" + id +
               " AS o /* enrich with dims */\nLEFT JOIN dim_user FOR SYSTEM_TIME AS OF o.proc_time "
               "AS u ON o.col_1 = u.id\n";
        out +=
            "WHERE o.col_3 <> 'cancelled' AND o.`ts` > TIMESTAMP '2024-01-01 00:00:00'\nGROUP BY "
            "o.col_0, o.col_1;\n";
        break;
      case 7:
        out += "BEGIN STATEMENT SET;\n";
        for (int k = 0; k < 3; ++k) {
          out += "  INSERT INTO sink_" + id + "_" + std::to_string(k) + " SELECT * FROM src_" + id +
                 " WHERE shard = " + std::to_string(k) + ";\n";
        }
        out += "END;\n";
        break;
      case 8:
        out += "/* 维表 dims: user profile */\nCREATE TEMPORARY VIEW v_users_" + id +
               " AS SELECT id, name, city FROM dim_user WHERE deleted = false;\n";
        break;
      default:
        if (rnd(4) == 0) {
          out += "CREATE TABLE ads_daily_" + id +
                 " WITH ('connector' = 'jdbc', 'url' = 'jdbc:mysql://db:3306/ads', 'table-name' = "
                 "'daily_" +
                 id +
                 "', 'password' = 'secret') AS SELECT dt, SUM(amount) AS amount FROM dwd_orders "
                 "GROUP BY dt;\n";
        } else {
          out += "SELECT user_id, COUNT(*) FROM clicks_" + id +
                 " GROUP BY user_id, TUMBLE(ts, INTERVAL '1' MINUTE);\n";
        }
        break;
    }
  }
  return out;
}

}  // namespace flowstate::bench

#endif  // FLOWSTATE_BENCHMARKS_SQL_CORPUS_H_
