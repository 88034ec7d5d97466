"""The ``oraux`` command line: options in, a French summary out."""
