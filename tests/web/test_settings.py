"""Settings: deployment checks, secrets from the environment, SQLite in WAL mode."""

from __future__ import annotations

import os
import secrets
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any, cast

import pytest
from django.conf import settings
from django.db import connection

REPO = Path(__file__).resolve().parents[2]


def run(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run Python in the repository with a clean CalmSkin environment plus ``env``."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CALMSKIN_")}
    # Not inherited: the browser tests' conftest sets DJANGO_ALLOW_ASYNC_UNSAFE for this process.
    for name in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        clean.pop(name, None)
    clean["CALMSKIN_VAR_DIR"] = str(tmp_path / "var")
    clean.update(env)
    return subprocess.run(
        [sys.executable, *args], cwd=REPO, env=clean, capture_output=True, text=True, timeout=120
    )


def production_env() -> dict[str, str]:
    return {
        "CALMSKIN_DEBUG": "false",
        "CALMSKIN_SECRET_KEY": secrets.token_urlsafe(50),
        "CALMSKIN_ALLOWED_HOSTS": "example.org",
    }


def show_setting(name: str) -> list[str]:
    code = (
        "import django; from django.conf import settings; django.setup(); "
        f"print(repr(settings.{name}))"
    )
    return [
        "-c",
        f"import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'calmskin.web.settings'; {code}",
    ]


def test_check_deploy_reports_no_issues(tmp_path: Path) -> None:
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], tmp_path, **production_env()
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_it_refuses_to_run_without_a_secret_key_when_debug_is_off(tmp_path: Path) -> None:
    env = production_env()
    del env["CALMSKIN_SECRET_KEY"]
    result = run(["manage.py", "check"], tmp_path, **env)
    assert result.returncode != 0
    assert "CALMSKIN_SECRET_KEY must be set when CALMSKIN_DEBUG=false" in result.stderr
    assert not (tmp_path / "var" / "secret_key").exists()


def test_it_refuses_to_run_without_allowed_hosts_when_debug_is_off(tmp_path: Path) -> None:
    env = production_env()
    del env["CALMSKIN_ALLOWED_HOSTS"]
    result = run(["manage.py", "check"], tmp_path, **env)
    assert result.returncode != 0
    assert "CALMSKIN_ALLOWED_HOSTS must be set" in result.stderr


@pytest.mark.parametrize("value", ["yes", "1", "False!", "on"])
def test_it_parses_debug_strictly(tmp_path: Path, value: str) -> None:
    result = run(["manage.py", "check"], tmp_path, CALMSKIN_DEBUG=value)
    assert result.returncode != 0
    assert "CALMSKIN_DEBUG must be 'true' or 'false'" in result.stderr


def test_debug_creates_a_private_key_once_and_reuses_it(tmp_path: Path) -> None:
    first = run(show_setting("SECRET_KEY"), tmp_path)
    assert first.returncode == 0, first.stderr
    key_file = tmp_path / "var" / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    second = run(show_setting("SECRET_KEY"), tmp_path)
    assert second.stdout == first.stdout
    assert key_file.read_text().strip() in first.stdout
    assert len(key_file.read_text().strip()) >= 50


def test_debug_defaults_to_local_hosts(tmp_path: Path) -> None:
    result = run(show_setting("ALLOWED_HOSTS"), tmp_path)
    assert result.returncode == 0, result.stderr
    assert "'localhost'" in result.stdout
    assert "'127.0.0.1'" in result.stdout


def test_proxy_ssl_header_is_configurable(tmp_path: Path) -> None:
    result = run(
        show_setting("SECURE_PROXY_SSL_HEADER"),
        tmp_path,
        **production_env(),
        CALMSKIN_PROXY_SSL_HEADER="X-Forwarded-Proto",
    )
    assert result.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https')"


def test_postgres_comes_from_database_url(tmp_path: Path) -> None:
    result = run(
        show_setting("DATABASES['default']"),
        tmp_path,
        DATABASE_URL="postgres://calm:pw@db.example.org:5432/calmskin",
    )
    assert result.returncode == 0, result.stderr
    assert "'ENGINE': 'django.db.backends.postgresql'" in result.stdout
    assert "'NAME': 'calmskin'" in result.stdout
    assert "'CONN_MAX_AGE': 600" in result.stdout
    assert "'CONN_HEALTH_CHECKS': True" in result.stdout
    assert "journal_mode" not in result.stdout


def test_argon2_is_the_first_password_hasher() -> None:
    assert settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode() -> None:
    if connection.vendor != "sqlite":
        pytest.skip(f"the database is {connection.vendor}, not SQLite")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA synchronous")
        assert cursor.fetchone()[0] == 1  # NORMAL
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == 20_000
    assert cast(Any, connection).transaction_mode == "IMMEDIATE"  # BEGIN IMMEDIATE for writes


@pytest.mark.django_db
def test_postgres_connections_are_health_checked() -> None:
    if connection.vendor != "postgresql":
        pytest.skip(f"the database is {connection.vendor}, not PostgreSQL")
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone()[0] == 1
