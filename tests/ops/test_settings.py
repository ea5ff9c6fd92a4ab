"""The health, metrics and log settings fail fast on bad values."""

from __future__ import annotations

import ipaddress
import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from partnerskap.config.env import Env


def test_networks_read_addresses_and_networks():
    networks = Env({"N": " 10.0.0.0/8, 127.0.0.1,::1 ,192.168.1.7/24"}).networks("N", default=[])
    assert networks == [
        ipaddress.ip_network("10.0.0.0/8"),
        ipaddress.ip_network("127.0.0.1/32"),
        ipaddress.ip_network("::1/128"),
        ipaddress.ip_network("192.168.1.0/24"),
    ]
    assert Env({}).networks("N", default=[]) == []


def test_networks_name_the_bad_entry():
    with pytest.raises(ImproperlyConfigured, match=r"N: 'prometheus\.local' is not an IP"):
        Env({"N": "10.0.0.1,prometheus.local"}).networks("N", default=[])


def _settings_error(**variables: str) -> str:
    environ = {**os.environ, "SECRET_KEY": "x" * 50, **variables}
    result = subprocess.run(
        [sys.executable, "-c", "import partnerskap.config.settings"],
        env=environ,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stderr


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"PARTNERSKAP_METRICS_TOKEN": "short"}, "PARTNERSKAP_METRICS_TOKEN must be at least 32"),
        ({"PROMETHEUS_MULTIPROC_DIR": "/nonexistent/x"}, "PROMETHEUS_MULTIPROC_DIR="),
        ({"PARTNERSKAP_READYZ_MAX_JOB_AGE": "-1"}, "PARTNERSKAP_READYZ_MAX_JOB_AGE=-1"),
        ({"LOG_FORMAT": "xml"}, "LOG_FORMAT='xml' is not allowed"),
        ({"PARTNERSKAP_METRICS_ALLOWED_IPS": "everyone"}, "'everyone' is not an IP"),
    ],
)
def test_bad_values_stop_the_start(variables, message):
    assert message in _settings_error(**variables)


def test_good_values_start(tmp_path):
    assert "Error" not in _settings_error(
        PARTNERSKAP_METRICS_TOKEN="y" * 32,
        PROMETHEUS_MULTIPROC_DIR=str(tmp_path),
        PARTNERSKAP_READYZ_MAX_JOB_AGE="0",
        LOG_FORMAT="json",
        PARTNERSKAP_METRICS_ALLOWED_IPS="10.0.0.0/8",
    )
