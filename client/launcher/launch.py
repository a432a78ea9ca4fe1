"""Start the mlops-report language server from the libraries bundled beside this launcher.

The extension runs `python -I bundled/tool/launch.py`: isolated mode ignores PYTHONPATH and the
user's site-packages, and this script puts bundled/libs first on sys.path, so what the student has
installed cannot shadow the server or its dependencies.
"""

import os
import runpy
import sys

if sys.version_info < (3, 10):  # noqa: UP036 - this runs on whatever Python the user has
    sys.exit("mlops-report needs Python 3.10 or newer, not " + sys.version.split()[0])

LIBS = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "libs"))
sys.path.insert(0, LIBS)
runpy.run_module("mlops_report", run_name="__main__", alter_sys=True)
