"""mlops-report: a live checker for the DTU 02476 MLOps exam report."""

__version__ = "0.1.0"
