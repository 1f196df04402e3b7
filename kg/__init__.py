"""omkg: Telegram channel posts → an organisation-mention knowledge graph."""

from pathlib import Path

__version__ = "0.1.0"


def refuse_stale_compiled_modules(package: Path) -> None:
    """In a source checkout, the modules setup.py compiles with mypyc are loaded from their C extension: one older
    than its .py would silently run the code as it was. Say so instead."""
    if not (package.parent / "setup.py").is_file():
        return  # an installed package: its modules were compiled from the sources installed beside them
    for compiled in package.rglob("*.so"):
        source = compiled.with_name(compiled.name.split(".")[0] + ".py")
        if source.is_file() and source.stat().st_mtime > compiled.stat().st_mtime:
            raise ImportError(
                f"{source} changed after it was compiled: run `OMKG_COMPILE=1 pip install -e .` again to compile it, or delete the "
                f"compiled modules (`find {package} -name '*.so' -delete`) to run the Python source")


refuse_stale_compiled_modules(Path(__file__).parent)
