"""Compiles the modules every post runs through with mypyc; everything else about the package is in pyproject.toml.

mypyc (part of mypy) turns these type-annotated modules into C extensions: the per-post Python work — dozens of
small objects and checks for every post — runs ~1.45× faster, with no second implementation to keep in step
(docs/benchmarks.md). The Python source stays the one truth:

* `pip install -e .` compiles in place, beside the sources; `import kg` refuses a compiled module older than its
  source (kg/__init__.py), so an edit is never silently ignored: install again, or delete the .so files;
* OMKG_PURE_PYTHON=1 skips compiling;
* where compiling fails (no mypy, no C compiler, no Python headers) the install goes on with the Python source.

A wheel also carries the ontology (ontology/ at the top of the repository) as kg/ontology/, so that `kg validate` and
the JSON-LD export work where there is no checkout (kg/rdf.py looks there first).
"""

import os
import shutil
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ONTOLOGY_FILES = ("omkg.ttl", "shapes.ttl", "context.jsonld", "README.md")

COMPILED = [
    "kg/extract/__init__.py", "kg/extract/cues.py", "kg/extract/dates.py", "kg/extract/events.py",
    "kg/extract/flags.py", "kg/extract/hashtags.py", "kg/extract/membership.py", "kg/extract/names.py",
    "kg/extract/organisations.py", "kg/extract/people.py", "kg/extract/person_names.py", "kg/extract/pipeline.py", "kg/extract/places.py",
    "kg/extract/resources.py", "kg/extract/textutil.py", "kg/extract/titles.py", "kg/ids.py", "kg/model.py",
    "kg/resolve.py",
]  # not natasha_ner and russian: their work is natasha's and pymorphy's


def compiled_modules() -> list:
    if os.environ.get("OMKG_PURE_PYTHON"):
        return []
    try:  # the third-party modules are not installed where the package is built: their types are taken as Any
        from mypyc.build import mypycify

        extensions = mypycify(["--ignore-missing-imports", *COMPILED], opt_level="3")
    except (Exception, SystemExit) as error:  # mypy's type errors end in SystemExit
        print(f"omkg: not compiling with mypyc ({error!r}); the modules stay pure Python", file=sys.stderr)
        return []
    for extension in extensions:
        extension.optional = True  # a failed compile is a warning; the .py module is used
    return extensions


class BuildWithOntology(build_py):
    """build_py, then ontology/'s files into the built package as kg/ontology/."""

    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "kg" / "ontology"
        target.mkdir(parents=True, exist_ok=True)
        for name in ONTOLOGY_FILES:
            shutil.copyfile(Path(__file__).parent / "ontology" / name, target / name)


setup(ext_modules=compiled_modules(), cmdclass={"build_py": BuildWithOntology})
