"""Shared fixtures: offline Prefect, the shared data folder, a temporary warehouse."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Offline, quiet Prefect and GX for every test (before either is imported).
os.environ.setdefault("PREFECT_HOME", str(Path(tempfile.gettempdir()) / "newsflow-test-prefect-home"))
os.environ.pop("PREFECT_API_URL", None)
for key, value in {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "GX_ANALYTICS_ENABLED": "false",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
}.items():
    os.environ.setdefault(key, value)

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSFLOW_SHARED", REPO.parent / "shared"))
SEEDS = SHARED / "corpus" / "seeds"


def warehouse_sql(db: Path, query: str, *params):
    """Rows of a read-only query on a warehouse file (``from conftest import warehouse_sql``)."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(query, list(params)).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"../shared is absent ({SHARED}); set NEWSFLOW_SHARED to run this test")
    return SHARED


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"seed corpus absent at {SEEDS}")
    return SEEDS


@pytest.fixture(scope="session")
def prefect_harness():
    """One temporary Prefect API for the whole session (~15 s once)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def s3_endpoint(monkeypatch):
    """A local S3 emulator (moto's server) on loopback, with a bucket."""
    moto_server = pytest.importorskip("moto.server")
    import boto3

    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0)
    server.start()
    host, port = server.get_host_and_port()
    url = f"http://{host}:{port}"
    for key, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                       "AWS_DEFAULT_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true"}.items():
        monkeypatch.setenv(key, value)
    boto3.client("s3", endpoint_url=url, region_name="us-east-1").create_bucket(Bucket="newsflow-test")
    yield url
    server.stop()
