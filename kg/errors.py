"""One root error for everything the user can fix; the CLI prints its message, never a traceback."""


class KgError(Exception):
    """A problem the user can act on; the message names the file or post and what to do."""


class InputError(KgError):
    """An input file cannot be read as posts: unknown format, broken JSON, wrong encoding, empty."""

    def __init__(self, path, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")
