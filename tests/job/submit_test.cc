// What a submission sends: the runner's arguments from its template, base64, the job-level
// configuration for a version, and Dinky's statements only the runner can run.
#include "job/submit.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace flowstate::core::job {
namespace {

using ::testing::HasSubstr;

TEST(SubmitTest, Base64AsRfc4648) {
  EXPECT_EQ(Base64(""), "");
  EXPECT_EQ(Base64("f"), "Zg==");
  EXPECT_EQ(Base64("fo"), "Zm8=");
  EXPECT_EQ(Base64("foo"), "Zm9v");
  EXPECT_EQ(Base64("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64(std::string("\xff\x00\x10", 3)), "/wAQ");
}

TEST(SubmitTest, TemplatePlaceholdersAreWholeArguments) {
  RunnerValues v;
  v.script = "SELECT 1;\nINSERT INTO a SELECT * FROM b";
  v.config = {{"pipeline.name", "emp 1"}, {"parallelism.default", "2"}};
  v.job_id = "0123456789abcdef0123456789abcdef";
  v.job_name = "emp 1";
  auto args = ExpandRunnerArgs(
      "--script {script}  --b64 {script_base64}\n--conf {config_json} --id={job_id} "
      "--name {job_name} --lit {{x}}",
      v);
  ASSERT_TRUE(args.ok()) << args.status().ToString();
  ASSERT_EQ(args->size(), 11u);
  EXPECT_EQ((*args)[1], v.script) << "a value with spaces and newlines stays one argument";
  EXPECT_EQ((*args)[3], Base64(v.script));
  EXPECT_EQ((*args)[5], R"({"parallelism.default":"2","pipeline.name":"emp 1"})");
  EXPECT_EQ((*args)[6], "--id=0123456789abcdef0123456789abcdef");
  EXPECT_EQ((*args)[8], "emp 1");
  EXPECT_EQ((*args)[10], "{x}");
  EXPECT_TRUE(PassesConfig(kDefaultRunnerArgs));
  EXPECT_FALSE(PassesConfig("--script {script}"));
}

TEST(SubmitTest, BadTemplatesNameTheColumn) {
  RunnerValues v;
  auto unknown = ExpandRunnerArgs("--a {script} --b {secret}", v);
  EXPECT_EQ(unknown.status().code(), Code::kInvalidArgument);
  EXPECT_THAT(unknown.status().message(), HasSubstr("column 18: {secret} is no placeholder"));
  EXPECT_THAT(ExpandRunnerArgs("--a {script", v).status().message(), HasSubstr("column 5"));
  EXPECT_THAT(ExpandRunnerArgs("--a }", v).status().message(), HasSubstr("'}' without '{'"));
  EXPECT_TRUE(ExpandRunnerArgs("", v)->empty());
}

TEST(SubmitTest, ConfigurationIsTheJobsOwnUnderTheVersionsNames) {
  std::vector<std::string> notes;
  auto c = SubmissionConfig(
      "SET 'execution.checkpointing.interval' = '10s';\n"
      "SET 'state.checkpoints.num-retained' = '3';\n"
      "INSERT INTO a SELECT * FROM b;\n",
      FlinkVersion{1, 20}, config::Deployment::kSession, config::Submitter::kJar,
      {{"pipeline.name", "emp"}}, &notes);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->at("execution.checkpointing.interval"), "10s");
  EXPECT_EQ(c->at("pipeline.name"), "emp");
  EXPECT_EQ(c->count("execution.checkpointing.num-retained"), 0u)
      << "the cluster's: not sent, where it cannot take effect";
  ASSERT_FALSE(notes.empty());
  EXPECT_THAT(notes[0], HasSubstr("num-retained"));
  auto bad =
      SubmissionConfig("SET 'execution.checkpointing.interval' = 'often';\n", FlinkVersion{1, 20},
                       config::Deployment::kSession, config::Submitter::kJar, {}, nullptr);
  EXPECT_EQ(bad.status().code(), Code::kInvalidArgument);
  EXPECT_THAT(bad.status().message(), HasSubstr("line 1:"));
}

TEST(SubmitTest, DinkyExtensionsAreFoundWithTheirLine) {
  std::string which;
  EXPECT_EQ(DinkyExtensionLine("SET 'a' = 'b';\nEXECUTE CDCSOURCE x WITH ('k' = 'v');\n", &which),
            2);
  EXPECT_EQ(which, "EXECUTE CDCSOURCE");
  EXPECT_EQ(DinkyExtensionLine("INSERT INTO a SELECT * FROM b;", &which), 0);
}

TEST(SubmitTest, WhatTheGatewayIsSentIsOneJobWithoutTheSets) {
  auto one = GatewayStatements(
      "SET 'a' = 'b';\nCREATE TABLE t (x INT) WITH ('connector' = 'datagen');\n"
      "INSERT INTO s SELECT * FROM t;\nRESET 'a';\n");
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  ASSERT_EQ(one->size(), 2u);
  EXPECT_THAT((*one)[0], HasSubstr("CREATE TABLE t"));
  EXPECT_THAT((*one)[1], HasSubstr("INSERT INTO s"));
  // A statement set is one job, sent as one statement.
  auto set = GatewayStatements(
      "BEGIN STATEMENT SET;\nINSERT INTO a SELECT * FROM t;\nINSERT INTO b SELECT * FROM t;\n"
      "END;\n");
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  ASSERT_EQ(set->size(), 1u);
  EXPECT_THAT((*set)[0], HasSubstr("EXECUTE STATEMENT SET BEGIN"));
  EXPECT_THAT((*set)[0], HasSubstr("INSERT INTO b SELECT * FROM t;\nEND"));
  auto two = GatewayStatements("INSERT INTO a SELECT 1;\n\nINSERT INTO b SELECT 2;\n");
  EXPECT_EQ(two.status().code(), Code::kInvalidArgument);
  EXPECT_THAT(two.status().message(), HasSubstr("lines 1, 3"));
  EXPECT_THAT(GatewayStatements("CREATE TABLE t (x INT);").status().message(),
              HasSubstr("starts no Flink job"));
  auto dinky = GatewayStatements("SET 'a' = 'b';\nEXECUTE JAR WITH ('uri' = 'x.jar');\n");
  EXPECT_EQ(dinky.status().code(), Code::kUnsupported);
  EXPECT_THAT(dinky.status().message(), HasSubstr("line 2: EXECUTE JAR"));
}

}  // namespace
}  // namespace flowstate::core::job
