-- The CDC job's script: its SETs decide the checkpointing it runs with.
SET 'execution.checkpointing.interval' = '6000';
SET 'execution.checkpointing.timeout' = '10min';
SET 'state.checkpoints.num-retained' = '5';

CREATE TABLE emp (id INT, name STRING, PRIMARY KEY (id) NOT ENFORCED) WITH (
  'connector' = 'mysql-cdc',
  'hostname' = 'mysql',
  'username' = 'flink',
  'password' = '000000',
  'database-name' = 'hr',
  'table-name' = 'emp'
);
