// What the lifecycle's tests against the simulator share: the simulator, a throwaway catalog
// beside its state, and local storage.
#ifndef FLOWSTATE_TESTS_JOB_WORLD_H_
#define FLOWSTATE_TESTS_JOB_WORLD_H_

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

#include "../flink/sim_harness.h"
#include "catalog/catalog.h"
#include "storage/storage.h"

namespace flowstate::testing {

class SimWorldTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(sim_.dir()) / "catalog";
    std::filesystem::create_directories(dir_);
    cat_ = std::move(core::catalog::Catalog::Open((dir_ / "catalog.db").string(), {}).value());
    storage_ = std::move(core::storage::Storage::Create(core::storage::StorageConfig{}).value());
  }

  FlinkSim sim_;
  std::filesystem::path dir_;  // <the simulator's state>/catalog
  std::unique_ptr<core::catalog::Catalog> cat_;
  std::unique_ptr<core::storage::Storage> storage_;
};

}  // namespace flowstate::testing

#endif  // FLOWSTATE_TESTS_JOB_WORLD_H_
