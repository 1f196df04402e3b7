"""One root error for everything the user can fix; the CLI prints its message, never a traceback."""


class KgError(Exception):
    """A problem the user can act on; the message names the file or post and what to do."""


class InputError(KgError):
    """An input file cannot be read as posts: unknown format, broken JSON, wrong encoding, empty."""

    def __init__(self, path, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class SkippedPost(KgError):
    """One message inside an otherwise good input cannot become a post; the build counts and reports it."""

    def __init__(self, where: str, reason: str):
        self.where = where
        self.reason = reason
        super().__init__(f"{where}: {reason}")
