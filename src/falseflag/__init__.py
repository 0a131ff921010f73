"""falseflag: a validated, queryable corpus of the 2022 'false flag' reports, and its analyzers."""

from importlib.metadata import PackageNotFoundError, version

from .connection import connect
from .package import TABLES, DataPackage, PackageError, load_package
from .validation import ValidationReport, validate
from .analysis import Analyzer, AnalyzerResult, Evidence, Finding, ResultTable
from .hookspecs import hookimpl
from .runner import AnalysisRun, analyze

try:
    __version__ = version("falseflag")
except PackageNotFoundError:  # running from a checkout that is not installed
    __version__ = "0+unknown"

__all__ = ["TABLES", "DataPackage", "PackageError", "__version__", "connect", "load_package"]
__all__ += ["AnalysisRun", "Analyzer", "AnalyzerResult", "Evidence", "Finding", "ResultTable", "analyze", "hookimpl"]
__all__ += ["ValidationReport", "validate"]
