"""One settings object for the whole pipeline.

Read, in rising priority, from defaults, a ``newsflow.toml`` (the working
directory's, or the file named by ``NEWSFLOW_CONFIG``) and ``NEWSFLOW_*``
environment variables (``NEWSFLOW_MAX_FILE_BYTES=1000``).  Nothing else reads
the environment for configuration: flows receive this object.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Paths, limits, languages and models of a newsflow installation."""

    model_config = SettingsConfigDict(env_prefix="NEWSFLOW_", extra="ignore")

    warehouse: Path = Field(Path("warehouse_data/newsflow.duckdb"), description="DuckDB file")
    lake: str | None = Field(None, description="Parquet lake folder or s3:// url; default: beside the DuckDB file")
    max_file_bytes: int = Field(20 * 1024 * 1024, description="files larger than this are quarantined")
    read_timeout_s: float = Field(60.0, description="seconds a file's read may take (a stalled network mount); "
                                  "a file over it is quarantined as read_timeout and the run goes on; 0 = no limit")
    allow_outside_inbox: bool = Field(False, description="follow symlinks to files outside the inbox (else "
                                      "they are quarantined as outside_inbox)")
    retry_quarantined: bool = Field(False, description="retry every quarantined file this run "
                                    "(newsflow run --retry-quarantined)")
    extensions: list[str] = Field([".txt", ".md", ".html", ".htm", ".json", ".jsonl"])
    languages: list[str] = Field(["de", "ru", "en"], description="languages the extractors handle")
    main_language: str = Field("auto", description="language of canonical entity names (de, en, ru), or auto: "
                               "the language most of the warehouse's documents are in (others' names stay in aliases)")
    models_dir: Path = Field(PROJECT_ROOT / "models", description="trained spaCy pipelines")
    batch_size: int = Field(64, description="files per chunk through read/parse/extract (what a worker holds)")
    write_batch_docs: int = Field(512, description="documents per validated, written Parquet part: GX's cost is "
                                  "mostly per call, so a few large batches cost far less than many small ones")
    ner_batch_chars: int = Field(20_000, description="characters per nlp.pipe batch: bounds NER's working memory "
                                 "whatever the document lengths")
    task_runner: str = Field("thread", description="thread | dask")
    thread_workers: int = Field(2, description="threads of the thread task runner")
    model_workers: int | Literal["auto"] = Field(
        "auto", description="processes for the per-document work (read to extract, models loaded once each) "
        "under the thread runner: auto = one per core, at most one per chunk; 1 = in the flow's process, on threads")
    dask_address: str | None = None
    dask_workers: int = 2
    lock_wait_s: float = Field(0.0, description="seconds to wait for another run's lock; 0 = fail at once")
    critical_expectations: dict[str, list[str]] = Field(default_factory=dict)
    history_runs: int = Field(10, description="past runs compared in volume checks")
    build_data_docs: bool = True
    progress: bool | None = Field(None, description="progress bar; default: only on a TTY")
    s3_endpoint_url: str | None = None
    shared_data: Path = Field(Path("../shared/data"), description="the shared data folder (training and benchmark "
                              "corpora); a relative path is read against the project root")

    @field_validator("warehouse", "models_dir", mode="after")
    @classmethod
    def _absolute_path(cls, value: Path) -> Path:
        """Relative, absolute and ``~`` paths all mean the same file from then on (GX, DuckDB, reports)."""
        return absolute_path(value)

    @field_validator("shared_data", mode="after")
    @classmethod
    def _from_project_root(cls, value: Path) -> Path:
        """``../shared/data`` means beside the repository, wherever the command is run from."""
        value = value.expanduser()
        return value if value.is_absolute() else Path(os.path.normpath(PROJECT_ROOT / value))

    @field_validator("lake", mode="after")
    @classmethod
    def _absolute_lake(cls, value: str | None) -> str | None:
        if value is None or "://" in value:  # an object-store url stays as it is
            return value
        return str(absolute_path(Path(value)))

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml_file = Path(os.environ.get("NEWSFLOW_CONFIG", "newsflow.toml"))
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls, toml_file))

    @property
    def lake_path(self) -> str:
        """The lake location as a string (a local folder or an object-store url)."""
        if self.lake:
            return self.lake
        return str(self.warehouse.with_suffix("")) + "_lake"

    @property
    def report_dir(self) -> Path:
        return self.warehouse.parent / (self.warehouse.stem + "_reports")

    def with_overrides(self, **values: Any) -> "Settings":
        """A copy with the non-None values replaced (CLI options), validated (paths resolved) like the rest."""
        clean = {k: v for k, v in values.items() if v is not None}
        if not clean:
            return self
        return type(self).model_validate({**self.model_dump(), **clean})


def absolute_path(value: Path | str) -> Path:
    """``~`` expanded and made absolute against the working directory, without resolving symlinks."""
    return Path(os.path.abspath(Path(value).expanduser()))
