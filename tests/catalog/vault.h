// A host's secret store in memory, as a vault would be; `can_remove` false plays a store
// that cannot remove values (a C store of version 1).
#ifndef FLOWSTATE_TESTS_CATALOG_VAULT_H_
#define FLOWSTATE_TESTS_CATALOG_VAULT_H_

#include <map>
#include <string>

#include "catalog/catalog.h"

namespace flowstate::core::catalog::testing {

class Vault : public SecretStore {
 public:
  explicit Vault(bool can_remove = true) : can_remove_(can_remove) {}
  Status Put(std::string_view name, std::string_view value) override {
    values[std::string(name)] = std::string(value);
    return Status();
  }
  Result<std::string> Get(std::string_view name) override {
    auto it = values.find(std::string(name));
    if (it == values.end()) return Status(Code::kNotFound, "not in the vault");
    return it->second;
  }
  Status Remove(std::string_view name) override {
    if (!can_remove_) return SecretStore::Remove(name);
    values.erase(std::string(name));
    return Status();
  }
  std::map<std::string, std::string> values;

 private:
  bool can_remove_;
};

}  // namespace flowstate::core::catalog::testing

#endif  // FLOWSTATE_TESTS_CATALOG_VAULT_H_
