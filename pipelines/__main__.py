"""Entry point. Sets the environment TensorFlow reads at import, before anything imports it."""

import os
import sys
import warnings

# TFX 1.16's Trainer needs Keras 2 (the tf-keras package); Keras 3 fails with
# "inputs not connected to outputs".
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
# google-api-core warns at import that Python 3.10 nears its end of support; TFX 1.16
# cannot run on a newer Python, so the warning only buries the progress lines.
warnings.filterwarnings("ignore", category=FutureWarning)

from pipelines.cli import main  # noqa: E402

sys.exit(main())
