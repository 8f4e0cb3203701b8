"""newsbeam's reusable stages. Each is a pure function (for unit tests and other programs) and a
PTransform (for Beam pipelines) that counts what it does and sends bad items to `.rejects`."""

from transforms.clean import Clean, clean_text
from transforms.dedupe import Deduplicate, normalize_url
from transforms.extract import Extract, extract_page
from transforms.language import DetectLanguage, detect_language
from transforms.prepare import PrepareArticles
from transforms.read import ReadNews, read_file
from transforms.source_boilerplate import LearnSourceBoilerplate
from transforms.stage import StageOutput
from transforms.write import WriteNewsParquet, WriteParquetShards

__all__ = [
    "Clean",
    "Deduplicate",
    "DetectLanguage",
    "Extract",
    "LearnSourceBoilerplate",
    "PrepareArticles",
    "ReadNews",
    "StageOutput",
    "WriteNewsParquet",
    "WriteParquetShards",
    "clean_text",
    "detect_language",
    "extract_page",
    "normalize_url",
    "read_file",
]
