"""`python -m keras_acts`: the `keras-acts` command."""

import sys

from keras_acts.cli import main

if __name__ == "__main__":  # not on import (the docs build inspects every module)
    sys.exit(main())
