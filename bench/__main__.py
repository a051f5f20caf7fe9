"""`python -m bench`. Sets the environment TensorFlow reads at import, before anything imports it."""

import os
import sys
import warnings

# The harness loads the pushed SavedModels in process: Keras 2 (tf-keras), as the pipeline.
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
warnings.filterwarnings("ignore", category=FutureWarning)

from bench.run import main  # noqa: E402

sys.exit(main())
