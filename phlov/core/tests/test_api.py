"""The API skeleton: schema and docs served offline, session and token authentication."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.core.management import call_command
from django.test import Client

from phlov.accounts.models import User


@pytest.mark.django_db
def test_openapi_schema_describes_the_places_resource(client: Client) -> None:
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Phlov API"
    assert any(path.startswith("/api/v1/places/") for path in schema["paths"])
    assert "tokenAuth" in schema["components"]["securitySchemes"]
    assert "cookieAuth" in schema["components"]["securitySchemes"]


@pytest.mark.django_db
def test_interactive_docs_load_their_assets_from_phlov_itself(client: Client) -> None:
    page = client.get("/api/docs/").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources, page
    for source in sources:
        assert source.startswith("/"), f"external asset in the API docs: {source}"
    assert any("swagger-ui" in source for source in sources)


@pytest.mark.django_db
def test_api_refuses_anonymous_callers(client: Client) -> None:
    assert client.get("/api/v1/places/").status_code in {401, 403}


@pytest.mark.django_db
def test_api_accepts_a_session(make_user: Callable[..., User], client: Client) -> None:
    client.force_login(make_user("analyst"))
    assert client.get("/api/v1/places/").status_code == 200


@pytest.mark.django_db
def test_api_accepts_a_token_issued_by_the_command(
    make_user: Callable[..., User], client: Client, capsys: pytest.CaptureFixture[str]
) -> None:
    user = make_user("labour_officer")
    call_command("apitoken", user.username)
    token = re.search(r"\(shown once\): (\S+)", capsys.readouterr().out)
    assert token is not None
    assert client.get("/api/v1/places/", HTTP_AUTHORIZATION=f"Token {token.group(1)}").status_code == 200
    assert client.get("/api/v1/places/", HTTP_AUTHORIZATION="Token not-a-token").status_code == 401
    call_command("apitoken", user.username, "--revoke")
    assert client.get("/api/v1/places/", HTTP_AUTHORIZATION=f"Token {token.group(1)}").status_code == 401
