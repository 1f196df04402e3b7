"""Compiles the modules every post runs through with mypyc; everything else about the package is in pyproject.toml.

mypyc (part of mypy) turns these type-annotated modules into C extensions: the per-post Python work — dozens of
small objects and checks for every post — runs ~1.45× faster, with no second implementation to keep in step
(docs/benchmarks.md). The Python source stays the one truth. As mypy does for itself:

* a wheel, and any install that is not editable (`pip install .`, the README's), is compiled;
* an editable install (`pip install -e .`) runs the source, so an edit takes effect without reinstalling; compiled
  modules an earlier compiled install left beside the source are removed. `OMKG_COMPILE=1` compiles in place
  (scripts/test does, to test the compiled code); `import kg` then refuses a compiled module older than its source
  (kg/__init__.py);
* `OMKG_COMPILE=0` never compiles; where compiling fails (no C compiler, no Python headers) the install goes on
  with the Python source.

Which modules: those of PER_POST, except the ones that hand their work to a library (WRAPPERS_OF): compiling them
gains nothing. kg/gazetteer.py is read for every name found: compiled, its entries are native objects whose fields
are read directly instead of through a dictionary of each instance (≈ 4 % of the extraction's time). A new extractor
in kg/extract/ is compiled without being listed. mypyc's C files and setuptools' scratch go to a temporary
directory, never to the checkout's build/ (where `kg build` writes by default). The compiled modules share one
library, omkg__mypyc.*.so; mypyc places it beside the top package (in site-packages, or at the checkout's root when
compiled in place), as mypy's own wheels have theirs.

A wheel also carries the ontology (ontology/ at the top of the repository) as kg/ontology/, so that `kg validate` and
the JSON-LD export work where there is no checkout (kg/rdf.py looks there first).

On Linux the library is compiled with DIRECT_CALLS: mypyc writes every compiled function and its runtime's helpers
into one C file, but a shared library compiled with -fPIC may have any exported function replaced at load time, so
the compiler must call each of them through the PLT and may inline none. `-fno-semantic-interposition` (CPython builds
itself with it) lets calls inside the library go direct and small helpers be inlined: ≈ 1.5 % fewer instructions,
5 % fewer instruction-cache misses, 2–3 % less time a post (docs/benchmarks.md).
"""

from __future__ import annotations

import ast
import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
ONTOLOGY_FILES = ("omkg.ttl", "shapes.ttl", "context.jsonld", "README.md")
PER_POST = ("kg/extract/*.py", "kg/gazetteer.py", "kg/ids.py", "kg/model.py", "kg/resolve.py")
WRAPPERS_OF = {"natasha", "pymorphy3"}  # a module importing one of these spends its time in it
SHARED_LIBRARY = "omkg"  # mypyc's group: omkg__mypyc.*.so (mypyc finds the modules' paths from it: top level)
BUILDS = {"bdist_wheel", "build", "build_ext", "install"}  # the commands that make an installable package
EDITABLE = {"editable_wheel", "develop"}
DIRECT_CALLS = ("-fno-semantic-interposition",)  # see the module docstring (GCC's and Clang's)


def compiled_sources(root: Path = HERE) -> list[str]:
    """The files mypyc compiles, relative to `root`, in a stable order."""
    found = {path for pattern in PER_POST for path in root.glob(pattern)}
    return sorted(str(path.relative_to(root)) for path in found if not imports_of(path) & WRAPPERS_OF)


def imports_of(path: Path) -> set[str]:
    """The top-level names of the packages a module imports."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def compiling(commands: list[str], setting: str | None) -> bool:
    """Whether this run of setup.py compiles: see the module docstring (`setting` is OMKG_COMPILE)."""
    if setting == "0":
        return False
    asked = set(commands)
    return bool(asked & BUILDS) or (setting == "1" and bool(asked & EDITABLE))


def remove_compiled_modules(root: Path = HERE) -> None:
    """Compiled modules left beside the source by an earlier compiled install: an editable install runs the source."""
    for library in [*root.joinpath("kg").rglob("*.so"), *root.glob(f"{SHARED_LIBRARY}__mypyc.*")]:
        library.unlink()


def scratch_directory() -> str:
    """A temporary directory for mypyc's C files and setuptools' build tree, removed when setup.py ends."""
    scratch = tempfile.mkdtemp(prefix="omkg-build-")
    atexit.register(shutil.rmtree, scratch, True)
    return scratch


def extensions(scratch: str) -> list:
    try:  # the third-party modules are not installed where the package is built: their types are taken as Any
        from mypyc.build import mypycify

        built = mypycify(["--ignore-missing-imports", *compiled_sources()], opt_level="3", target_dir=scratch,
                         group_name=SHARED_LIBRARY)
    except (Exception, SystemExit) as error:  # mypy's type errors end in SystemExit
        print(f"omkg: not compiling with mypyc ({error!r}); the modules stay pure Python", file=sys.stderr)
        return []
    for extension in built:
        extension.optional = True  # a failed compile is a warning; the .py module is used
        if sys.platform == "linux":
            extension.extra_compile_args = [*extension.extra_compile_args, *DIRECT_CALLS]  # (a list they share)
    return built


class BuildWithOntology(build_py):
    """build_py, then ontology/'s files into the built package as kg/ontology/."""

    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "kg" / "ontology"
        target.mkdir(parents=True, exist_ok=True)
        for name in ONTOLOGY_FILES:
            shutil.copyfile(HERE / "ontology" / name, target / name)


if __name__ == "__main__":  # setuptools runs this file as __main__; tests import it for its functions
    commands = sys.argv[1:]
    scratch = scratch_directory()
    if compiling(commands, os.environ.get("OMKG_COMPILE")):
        ext_modules = extensions(scratch)
    else:
        ext_modules = []
        if set(commands) & EDITABLE:
            remove_compiled_modules()
    setup(ext_modules=ext_modules, cmdclass={"build_py": BuildWithOntology},
          options={"build": {"build_base": scratch}})
