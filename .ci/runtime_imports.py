"""Import every module of the installed `archiver` package: run in a venv holding only the runtime lock.

A module that needs a package outside the runtime dependencies fails here, not on a user's machine.
"""

from __future__ import annotations

import importlib
import pkgutil

import archiver

modules = (info.name for info in pkgutil.walk_packages(archiver.__path__, "archiver."))
names = ["archiver", *(name for name in modules if not name.endswith(".__main__"))]  # __main__ would run the CLI
for name in names:
    importlib.import_module(name)
print(f"imported {len(names)} modules with only the runtime dependencies")
