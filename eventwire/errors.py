"""One catalogue of errors with stable codes (spaCy's ``Errors`` is the model).

Codes never change meaning once released: tools and the ``rejected`` table
refer to them.
"""

from __future__ import annotations


class Errors:
    # Input problems (recorded in the ``rejected`` table, never stop a batch).
    E001 = "{path}: no such file or directory"
    E002 = "{path}: the file is empty"
    E003 = "{path}: looks like a binary file ({detail}), not text, HTML or JSON Lines"
    E004 = "{path}: not valid UTF-8 ({detail})"
    E005 = "{path}: too large ({size:,} bytes; the limit is {limit:,})"
    E006 = "{path}: unsupported file type '{suffix}' (use .txt, .md, .html, .htm, .jsonl, .json, .xml, .rss, .atom)"
    E007 = "{path}: line {line}: not a valid JSON object ({detail})"
    E008 = "{path}: line {line}: record has no usable 'text' field"
    E009 = "{path}: the HTML page has no extractable article text"
    E010 = "{path}: could not be read ({detail})"
    E011 = "{path}: invalid date '{value}' (expected YYYY-MM-DD)"
    E012 = "{path}: the feed has no readable entries ({detail})"
    E013 = "{doc}: processing failed in stage '{stage}' ({detail})"
    E014 = "{path}: too long after extraction ({chars:,} characters; the limit is {limit:,})"
    E015 = (
        "{path}: document id '{doc}' is already used by {other}, with different text; the article was not stored "
        "(give it another id, or run with --duplicate-ids rename to store it as '{derived}')"
    )
    E016 = "{path}: not valid Unicode text (a lone surrogate {detail})"
    E017 = "{path}: not a regular file ({kind}); only regular files are read"
    E018 = "{path}: the file name is not valid UTF-8 (undecodable bytes shown as escapes); rename the file"
    E019 = "{path}: the folder could not be read ({detail})"
    E020 = "{path}: symbolic link loop ({detail})"
    E021 = "{path}: the feed declares XML entities (<!ENTITY ...>); eventwire refuses to expand them"
    E022 = "{doc}: the worker process died while processing it, in two attempts ({detail})"
    E023 = (
        "{path}: the text is in {language} ({lang}, confidence {confidence:.2f}), not English; "
        "only English is processed until a translation stage exists"
    )
    # Pipeline configuration problems (programming errors: raised, not recorded).
    E101 = "No stage named '{name}'. Available stages: {available}"
    E102 = "Stage '{name}' requires '{needs}', which no earlier stage assigns (pipeline: {pipeline})"
    E103 = "A stage named '{name}' is already registered"
    E110 = "Vocabulary {path}: {problem}"
    E111 = "Pattern file {path}: {problem}"
    E112 = "Event models {path}: {problem} (rebuild them with 'eventwire train')"
    E113 = "Data file {path}: {problem}"
    # Store problems.
    E201 = "{path}: database schema version {found} is newer than this eventwire supports ({supported})"
    E202 = "{path}: not an eventwire database ({detail})"
    E203 = "{path}: the database is in use by another process ({holder}); stop that command first, or use another --db"
    E204 = "{path}: permission denied ({detail})"
    E205 = "{path}: is a {kind}, not a database file; give a file name with --db"
    E206 = "{path}: the folder {folder} does not exist; create it first"
    E207 = (
        "{path}: no space left to write the database ({detail}); free some space and run again "
        "(the articles stored so far are complete and kept)"
    )
    E208 = "{path}: the database file is damaged ({detail}); restore a copy or use a new --db"
    E209 = "{path}: no such database (create one with: eventwire run PATH --db {path})"


class EventwireError(Exception):
    """Base class for errors eventwire reports to users."""

    def __init__(self, code: str, **fields: object) -> None:
        self.code = code
        self.fields = fields
        self.message = getattr(Errors, code).format(**fields)
        super().__init__(f"[{code}] {self.message}")

    def __reduce__(self):  # errors cross process boundaries when several workers run
        return (_rebuild, (type(self), self.code, self.fields))


class InputRejected(EventwireError):
    """An input that cannot be processed; the batch goes on without it."""

    @property
    def path(self) -> str:
        return str(self.fields.get("path") or self.fields.get("doc") or "")


class InputSkipped(InputRejected):
    """A file found inside a folder that cannot be an article (a picture, a named pipe, a looping link).

    Recorded like any rejection; the command line reports it as skipped.
    """


class PipelineConfigError(EventwireError):
    pass


class StoreError(EventwireError):
    pass


def _rebuild(cls: type[EventwireError], code: str, fields: dict) -> EventwireError:
    return cls(code, **fields)
