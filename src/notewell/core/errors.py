"""Errors the core raises for bad input. Interfaces turn them into clean messages."""


class NotewellError(Exception):
    """Base class: a problem the user can fix, with a one-line message."""


class InputError(NotewellError):
    """The session input cannot be read (empty, too large, malformed session file)."""


class FormatError(NotewellError):
    """A note format is unknown or a format file is malformed."""


class ConfigError(NotewellError):
    """A configuration file (style preferences, profile) is malformed."""
