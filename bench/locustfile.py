"""Mixed load on the served application (not a test): 50 users searching, listing, opening
records, saving and reading the dashboard, against ``phlov serve`` on loopback.

    .venv/bin/python bench/locust_users.py 50 > var/locust-users.csv      # with DATABASE_URL set
    DATABASE_URL=... .venv/bin/phlov serve --bind 127.0.0.1:8000 &
    PHLOV_LOCUST_USERS=var/locust-users.csv .venv/bin/locust -f bench/locustfile.py --headless \
        -u 50 -r 5 -t 5m --host http://127.0.0.1:8000 --csv var/locust

Each simulated user signs in once with its own account (password, then the TOTP code of its
device), then picks tasks by weight. Ids of records to open are taken from the lists the user
has just read, so every request is one the user is allowed to make. "Saves" record a follow-up
visit note on a case the user's organisation leads (a real write through the form and its
service, with its audit row).

Users are ``FastHttpUser``s: locust shares the two cores with the server and the database, and
its plain ``HttpUser`` spends several times more of them per request.
"""

# ruff: noqa: S311 (choosing which page to load, nothing secret)
from __future__ import annotations

import csv
import os
import random
import re
import time
from typing import Any

from django_otp.oath import TOTP
from locust import FastHttpUser, between, task

ACCOUNTS = list(csv.DictReader(open(os.environ.get("PHLOV_LOCUST_USERS", "var/locust-users.csv"))))  # noqa: SIM115
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PERSON = re.compile(r'href="/people/(\d+)/"')
CASE = re.compile(r'href="/protection/cases/(\d+)/"')
NAMES = ("Sok", "Chan", "Srey Mom", "Sopheap", "Dara", "សុខ", "Heng Vanna", "Kim Phalla", "Chea", "Sophal")
_next = iter(range(10**9))


class Officer(FastHttpUser):
    wait_time = between(0.2, 0.6)

    def on_start(self) -> None:
        account = ACCOUNTS[next(_next) % len(ACCOUNTS)]
        self.analyst = int(account["username"].rsplit(".", 1)[1]) % 2 == 0
        self.people: list[str] = []
        self.cases: list[str] = []
        self.writable: set[str] = set()  # cases whose page offers the visit form
        page = self.client.get("/accounts/login/", name="sign in")
        token = CSRF.search(page.text)
        self.client.post("/accounts/login/", name="sign in", data={
            "username": account["username"], "password": account["password"],
            "csrfmiddlewaretoken": token.group(1) if token else "",
        })  # fmt: skip
        page = self.client.get("/accounts/second-factor/", name="second factor")
        token = CSRF.search(page.text)
        device = TOTP(bytes.fromhex(account["totp_key_hex"]), step=30, digits=6)
        device.time = time.time()
        self.client.post("/accounts/second-factor/", name="second factor", data={
            "code": f"{device.token():06d}", "csrfmiddlewaretoken": token.group(1) if token else "",
        })  # fmt: skip

    @task(4)
    def search(self) -> None:
        if self.analyst:
            self.client.get("/stats/", name="dashboard")
            return
        page = self.client.get("/people/", params={"q": random.choice(NAMES)}, name="people search")
        self.people = PERSON.findall(page.text) or self.people

    @task(3)
    def lists(self) -> None:
        if self.analyst:
            self.client.get("/stats/tables/", name="standard tables")
            return
        # The first pages of the list, so that the saves spread over a hundred cases.
        page = self.client.get("/protection/", params={"page": random.randint(1, 4)}, name="case list")
        self.cases = CASE.findall(page.text) or self.cases

    @task(3)
    def record(self) -> None:
        if self.people:
            self.client.get(f"/people/{random.choice(self.people)}/", name="person page")
        if self.cases:
            case = random.choice(self.cases)
            page = self.client.get(f"/protection/cases/{case}/", name="case page")
            # A case another organisation referred for reading only offers no visit form.
            if f"/protection/cases/{case}/visits/add/" in page.text:
                self.writable.add(case)

    @task(2)
    def dashboard(self) -> None:
        # The national dashboard is the analysts'; a caseworker reads the registry's first page.
        if self.analyst:
            self.client.get("/stats/", name="dashboard")
        else:
            self.client.get("/people/", name="people list")

    @task(1)
    def save(self) -> None:
        if self.analyst or not self.writable:
            return
        case = random.choice(sorted(self.writable))
        page = self.client.get(f"/protection/cases/{case}/visits/add/", name="visit form")
        token = CSRF.search(page.text)
        if page.status_code != 200 or token is None:
            return
        today = time.strftime("%Y-%m-%d")
        data: dict[str, Any] = {
            "csrfmiddlewaretoken": token.group(1), "due_on": today, "visited_on": today, "safety": "good",
            "housing": "fair", "schooling": "unknown", "wellbeing": "good", "retrafficking_risk": "low",
            "notes": "load benchmark visit", "cost_food": "0", "cost_rent": "0", "cost_family_support": "0",
        }  # fmt: skip
        self.client.post(f"/protection/cases/{case}/visits/add/", data=data, name="save visit")
