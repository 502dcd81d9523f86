"""`python -m keras_acts`: the `keras-acts` command."""

import sys

from keras_acts.cli import main

sys.exit(main())
