"""The wheel carries libflowstate.so inside the package (ctypes loads it from there): it is a
platform wheel (linux_x86_64, say), though not tied to one Python version or its C API, since
the package has no compiled extension: py3-none-<platform>. Everything else is in pyproject.toml."""

from setuptools import Distribution, setup


class BinaryDistribution(Distribution):
    """A shared library inside: installed to platlib, tagged for the platform."""

    def has_ext_modules(self):
        return True


commands = {}
try:
    from wheel.bdist_wheel import bdist_wheel

    class PlatformWheel(bdist_wheel):
        def get_tag(self):
            _, _, platform = super().get_tag()
            return "py3", "none", platform

    commands["bdist_wheel"] = PlatformWheel
except ImportError:  # an sdist without the wheel package
    pass

setup(distclass=BinaryDistribution, cmdclass=commands)
