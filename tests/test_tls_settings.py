"""Serving and driver settings: workers, pool, TLS trust; TLS checked against the real Neo4j
behind a TLS-terminating loopback proxy with a certificate made here."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import ipaddress
import ssl
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import neo4j
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from errors import DatabaseUnavailable, SettingsError
from graph.db import open_driver, tls_config, verify
from settings import Settings


def test_serving_defaults() -> None:
    settings = Settings.from_env({})
    assert settings.workers == 1
    assert settings.graceful_timeout == 30
    assert settings.neo4j_max_pool_size == 100
    assert settings.neo4j_acquisition_timeout == 10.0
    assert settings.neo4j_trust is None
    assert tls_config(settings) == {}


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"MAILLAGE_WORKERS": "0"}, "MAILLAGE_WORKERS='0' is out of range"),
        ({"MAILLAGE_GRACEFUL_TIMEOUT": "1.5"}, "MAILLAGE_GRACEFUL_TIMEOUT='1.5' must be a whole"),
        ({"NEO4J_MAX_POOL_SIZE": "0"}, "NEO4J_MAX_POOL_SIZE='0' is out of range"),
        ({"NEO4J_ACQUISITION_TIMEOUT": "soon"}, "NEO4J_ACQUISITION_TIMEOUT='soon' is not a num"),
        ({"NEO4J_URI": "http://db:7474"}, "NEO4J_URI must start with one of"),
        ({"NEO4J_TRUST": "everyone"}, "NEO4J_TRUST='everyone' must be one of"),
        ({"NEO4J_TRUST": "custom"}, "NEO4J_TRUST=custom needs NEO4J_TRUSTED_CERTIFICATES"),
        (
            {"NEO4J_TRUSTED_CERTIFICATES": "/nonexistent/ca.pem"},
            "NEO4J_TRUSTED_CERTIFICATES='/nonexistent/ca.pem' is not a readable file",
        ),
        (
            {"NEO4J_URI": "neo4j+s://abc.databases.neo4j.io", "NEO4J_TRUST": "all"},
            "NEO4J_TRUST applies to bolt:// and neo4j:// URIs; neo4j\\+s://",
        ),
        (
            {"NEO4J_URI": "neo4j+ssc://db:7687", "NEO4J_TRUST": "system"},
            "neo4j\\+ssc:// already decides",
        ),
    ],
)
def test_bad_serving_and_tls_settings_are_refused(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Settings.from_env(env)


def test_a_ca_file_means_custom_trust(tmp_path: Path) -> None:
    ca = tmp_path / "ca.pem"
    ca.write_text("not checked until the driver connects\n", encoding="utf-8")
    settings = Settings.from_env(
        {"NEO4J_URI": "neo4j://db:7687", "NEO4J_TRUSTED_CERTIFICATES": str(ca)}
    )
    assert settings.neo4j_trust == "custom"
    config = tls_config(settings)
    assert config["encrypted"] is True
    assert isinstance(config["trusted_certificates"], neo4j.TrustCustomCAs)
    with pytest.raises(SettingsError, match="needs NEO4J_TRUST=custom"):
        Settings.from_env({"NEO4J_TRUST": "all", "NEO4J_TRUSTED_CERTIFICATES": str(ca)})


@pytest.mark.parametrize(
    ("trust", "store"), [("system", neo4j.TrustSystemCAs), ("all", neo4j.TrustAll)]
)
def test_trust_maps_to_the_drivers_stores(trust: str, store: type) -> None:
    settings = Settings.from_env({"NEO4J_URI": "bolt://db:7687", "NEO4J_TRUST": trust})
    config = tls_config(settings)
    assert config["encrypted"] is True
    assert isinstance(config["trusted_certificates"], store)


def test_secure_schemes_leave_tls_to_the_scheme() -> None:
    for uri in ("neo4j+s://abc.databases.neo4j.io", "bolt+ssc://db:7687"):
        assert tls_config(Settings.from_env({"NEO4J_URI": uri})) == {}


@dataclass(frozen=True)
class Pki:
    ca: Path
    certificate: Path
    key: Path


def make_pki(folder: Path) -> Pki:
    """A private CA and a server certificate for 127.0.0.1 it signed."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Maillage test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    server = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
            ),
            critical=False,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    pki = Pki(folder / "ca.pem", folder / "server.pem", folder / "server.key")
    pki.ca.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    pki.certificate.write_bytes(server.public_bytes(serialization.Encoding.PEM))
    pki.key.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return pki


@pytest.fixture
async def tls_port(settings: Settings, tmp_path: Path) -> AsyncIterator[int]:
    """A loopback port where TLS (with a certificate of a private CA) fronts the test Neo4j."""
    if settings.uri.split("://")[0] not in ("bolt", "neo4j"):
        pytest.skip("the test database is not reached over plain Bolt")
    host, _, port = settings.uri.split("://")[1].partition(":")
    target = (host, int(port or 7687))
    pki = make_pki(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(pki.certificate, pki.key)
    tasks: set[asyncio.Task[None]] = set()

    async def pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        try:
            while data := await source.read(65536):
                sink.write(data)
                await sink.drain()
        except (ConnectionError, ssl.SSLError):
            pass
        finally:
            sink.close()

    async def relay(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        tasks.add(task)
        try:
            up_reader, up_writer = await asyncio.open_connection(*target)
            await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))
        finally:
            writer.close()
            tasks.discard(task)

    server = await asyncio.start_server(relay, "127.0.0.1", 0, ssl=context)
    yield server.sockets[0].getsockname()[1]
    server.close()
    for task in list(tasks):
        task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await asyncio.gather(*tasks)
    await server.wait_closed()


def tls_settings(settings: Settings, port: int, **env: str) -> Settings:
    return Settings.from_env(
        {
            "NEO4J_URI": f"bolt://127.0.0.1:{port}",
            "NEO4J_USER": settings.neo4j_user,
            "NEO4J_PASSWORD": settings.password(),
            "NEO4J_DATABASE": settings.neo4j_database,
            **env,
        }
    )


async def answer(settings: Settings) -> int:
    driver = open_driver(settings)
    try:
        await verify(driver, settings)
        records, _, _ = await driver.execute_query(
            "RETURN 41 + 1 AS n", database_=settings.neo4j_database
        )
        return int(records[0]["n"])
    finally:
        await driver.close()


async def test_tls_with_the_ca_file_or_trusting_all_reaches_neo4j(
    settings: Settings, tls_port: int, tmp_path: Path
) -> None:
    custom = tls_settings(settings, tls_port, NEO4J_TRUSTED_CERTIFICATES=str(tmp_path / "ca.pem"))
    assert await answer(custom) == 42
    assert await answer(tls_settings(settings, tls_port, NEO4J_TRUST="all")) == 42


async def test_tls_refuses_a_certificate_the_trust_does_not_cover(
    settings: Settings, tls_port: int
) -> None:
    with pytest.raises(DatabaseUnavailable, match="SSLCertVerificationError"):
        await answer(tls_settings(settings, tls_port, NEO4J_TRUST="system"))
