"""The conan 2 recipe of flowstate: `conan create .` builds this checkout and runs
test_package (a C program using only the C ABI). The CMake names a consumer uses are those of
`cmake --install`: find_package(flowstate), target flowstate::flowstate, pkg-config flowstate."""

import os
import re

from conan import ConanFile
from conan.tools.cmake import CMake, CMakeDeps, CMakeToolchain, cmake_layout
from conan.tools.files import copy, load
from conan.tools.gnu import PkgConfigDeps


class FlowstateConan(ConanFile):
    name = "flowstate"
    license = "Apache-2.0"
    url = "https://github.com/flowstate/flowstate"
    description = ("Flink job management core: SQL scripts, configuration, lifecycle, "
                   "checkpoint catalog and storage, behind a stable C ABI")
    topics = ("flink", "checkpoint", "savepoint", "sql")
    package_type = "library"
    settings = "os", "arch", "compiler", "build_type"
    options = {"shared": [True, False], "fPIC": [True, False], "cli": [True, False]}
    default_options = {"shared": True, "fPIC": True, "cli": False}
    exports_sources = ("CMakeLists.txt", "LICENSE", "cmake/*", "include/*", "src/*", "capi/*",
                       "sim/*")

    def set_version(self):
        # One version, defined in CMakeLists.txt's project().
        text = load(self, os.path.join(self.recipe_folder, "CMakeLists.txt"))
        self.version = re.search(r"project\(flowstate\s+VERSION\s+([0-9.]+)", text).group(1)

    def config_options(self):
        if self.settings.os == "Windows":
            del self.options.fPIC

    def configure(self):
        if self.options.shared:
            self.options.rm_safe("fPIC")

    def layout(self):
        cmake_layout(self)

    def requirements(self):
        # Private to the library: its headers name none of them.
        self.requires("libcurl/[>=7.68 <9]")
        self.requires("sqlite3/[>=3.31 <4]")
        self.requires("abseil/[>=20220623.0]")
        self.requires("rapidjson/cci.20230929")
        self.requires("libyaml/0.2.5")
        if self.options.cli:
            self.requires("cli11/[>=2.1 <3]")

    def generate(self):
        tc = CMakeToolchain(self)
        # CMakeToolchain adds BUILD_SHARED_LIBS (option shared) and CMAKE_BUILD_TYPE.
        tc.variables["FLOWSTATE_BUILD_TESTS"] = False
        tc.variables["FLOWSTATE_BUILD_BENCHMARKS"] = False
        tc.variables["FLOWSTATE_BUILD_CLI"] = bool(self.options.cli)
        tc.variables["FLOWSTATE_INSTALL_PYTHON"] = False
        tc.variables["FLOWSTATE_INSTALL"] = True
        tc.generate()
        CMakeDeps(self).generate()
        PkgConfigDeps(self).generate()  # yaml-0.1.pc, found through pkg-config

    def build(self):
        cmake = CMake(self)
        cmake.configure()
        cmake.build()

    def package(self):
        copy(self, "LICENSE", self.source_folder, os.path.join(self.package_folder, "licenses"))
        CMake(self).install()

    def package_info(self):
        self.cpp_info.set_property("cmake_file_name", "flowstate")
        self.cpp_info.set_property("cmake_target_name", "flowstate::flowstate")
        self.cpp_info.set_property("pkg_config_name", "flowstate")
        self.cpp_info.libs = ["flowstate"]
        if not self.options.shared:
            self.cpp_info.system_libs = ["stdc++", "m", "pthread"]
        if self.options.cli:
            self.buildenv_info.prepend_path("PATH", os.path.join(self.package_folder, "bin"))
