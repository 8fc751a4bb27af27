"""The web console (`xunjian serve`): real server processes, real HTTP for the security list, real Chromium end to end."""
from __future__ import annotations

import http.client
import re
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import httpx
import pytest

from tests.catalogue import catalogue
from tests.conftest import ROOT, Installation
from tests.server import FixtureServer
from tests.services import free_port

PASSWORD = "correct-horse-9"
VIOLATION_PAGE = "/p/xingheshop/license/none.html"  # a homepage without a licence display
SCREENSHOTS = ROOT / "var" / "console-screenshots"
CLI_KEYS = {"url", "final_url", "status", "http_status", "error", "capture_id", "evidence_dir", "findings", "timings"}


class Console:
    def __init__(self, inst: Installation, allow_private: bool, *args: str) -> None:
        self.inst, self.port = inst, free_port()
        env = inst.env
        env.pop("XUNJIAN_ALLOW_PRIVATE_TARGETS", None)
        if allow_private:
            env["XUNJIAN_ALLOW_PRIVATE_TARGETS"] = "1"
        self.proc = subprocess.Popen([sys.executable, "-m", "xunjian", "serve", "--port", str(self.port), "--no-scheduler", *args],
                                     env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                assert self.proc.poll() is None, self.proc.stderr.read()
                time.sleep(0.1)
        raise AssertionError("console did not start")

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.base, follow_redirects=False, timeout=60)

    def api_login(self, username: str = "admin", password: str = PASSWORD) -> httpx.Client:
        c = self.client()
        r = c.post("/api/login", json={"username": username, "password": password})
        assert r.status_code == 200, r.text
        return c

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def add_user(inst: Installation, name: str, role: str, password: str = PASSWORD) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "xunjian", "user", "add", name, "--role", role, "--password-stdin"],
                          input=password + "\n", env=inst.env, cwd=ROOT, capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Installation:
    inst = Installation(tmp_path_factory.mktemp("console"))
    assert add_user(inst, "admin", "admin").returncode == 0
    assert add_user(inst, "张检查", "inspector").returncode == 0
    return inst


@pytest.fixture(scope="module")
def console(home) -> Iterator[Console]:
    c = Console(home, allow_private=True)
    yield c
    c.stop()


@pytest.fixture(scope="module")
def strict(home) -> Iterator[Console]:
    """A console without XUNJIAN_ALLOW_PRIVATE_TARGETS: the default."""
    c = Console(home, allow_private=False)
    yield c
    c.stop()


@contextmanager
def hostile_site(tmp: Path) -> Iterator[str]:
    """A licence-violation page titled with a script tag, served on 127.0.0.1."""
    html = (ROOT / "tests" / "site" / VIOLATION_PAGE.lstrip("/")).read_text(encoding="utf-8")  # a licence violation
    html = re.sub(r"<title>.*?</title>", "<title><script>alert('title')</script></title>", html, count=1)
    (tmp / "evil.html").write_text(html, encoding="utf-8")
    with FixtureServer(site=tmp) as server:
        yield server.base


def wait_capture(c: httpx.Client, capture_id: str, timeout: float = 90) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = c.get(f"/api/captures/{capture_id}").json()
        if line["status"] not in ("pending", "running"):
            return line
        time.sleep(0.5)
    raise AssertionError(f"capture {capture_id} did not finish")


def form_csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def page_login(console: Console, username: str = "admin") -> tuple[httpx.Client, str]:
    c = console.client()
    token = form_csrf(c.get("/login").text)
    r = c.post("/login", data={"csrf": token, "username": username, "password": PASSWORD, "next": "/"})
    assert r.status_code == 303 and r.headers["location"] == "/", r.text
    return c, form_csrf(c.get("/").text)


# -- accounts ---------------------------------------------------------------------------------------------------
def test_user_add_refuses_duplicates_and_bad_roles(home):
    dup = add_user(home, "admin", "admin")
    assert dup.returncode == 2 and "已存在" in dup.stderr
    bad = add_user(home, "x", "root")
    assert bad.returncode == 2 and "--role" in bad.stderr
    short = add_user(home, "y", "inspector", "short")
    assert short.returncode == 2 and "至少 8" in short.stderr


# -- security ---------------------------------------------------------------------------------------------------
def test_unauthenticated_api_401_and_pages_redirect(console):
    c = console.client()
    assert c.get("/api/findings").status_code == 401
    assert c.get("/api/captures/20260101T000000Z-00000000").status_code == 401
    assert c.post("/api/captures", json={"url": "http://127.0.0.1/", "role": None, "platform": None}).status_code == 401
    for path in ("/", "/capture", "/findings", "/export", "/sweeps", "/audit",
                 "/captures/20260101T000000Z-00000000", "/captures/20260101T000000Z-00000000/files/manifest.json"):
        r = c.get(path)
        assert r.status_code == 303 and r.headers["location"].startswith("/login"), path
    assert c.post("/api/login", json={"username": "admin", "password": "wrong-password"}).status_code == 401


def test_every_form_post_needs_the_csrf_token(console):
    c = console.client()
    c.get("/login")
    assert c.post("/login", data={"username": "admin", "password": PASSWORD}).status_code == 403
    assert c.post("/login", data={"csrf": "forged", "username": "admin", "password": PASSWORD}).status_code == 403
    c, token = page_login(console)
    posts = [("/capture", {"url": "http://127.0.0.1:1/", "role": "", "platform": ""}),
             ("/export", {"format": "csv", "state": "all"}),
             ("/findings/1/review", {"state": "confirmed", "back": "/findings"}),
             ("/sweeps/run", {"platform": "yunhe"}),
             ("/logout", {})]
    for path, data in posts:
        assert c.post(path, data=data).status_code == 403, path
        assert c.post(path, data={**data, "csrf": token[:-2] + "xx"}).status_code == 403, path
    r = c.post("/export", data={"format": "csv", "state": "all", "csrf": token})
    assert r.status_code == 200 and r.content.startswith("\ufeff平台".encode("utf-8"))


def test_login_is_rate_limited(strict):
    c = strict.client()
    for _ in range(5):
        assert c.post("/api/login", json={"username": "张检查", "password": "nope-nope"}).status_code == 401
    r = c.post("/api/login", json={"username": "张检查", "password": PASSWORD})  # even the right password now
    assert r.status_code == 429 and "过多" in r.json()["detail"]
    assert c.post("/api/login", json={"username": "admin", "password": PASSWORD}).status_code == 200  # others unaffected


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000/", "http://localhost/", "http://[::1]/", "http://10.1.2.3/",
                                 "http://192.168.0.1/admin", "http://169.254.169.254/latest/meta-data/",
                                 "http://0.0.0.0/"])
def test_private_targets_refused_by_default(strict, url):
    c = strict.api_login()
    r = c.post("/api/captures", json={"url": url})
    assert r.status_code == 422 and "拒绝取证" in r.json()["detail"] and "XUNJIAN_ALLOW_PRIVATE_TARGETS" in r.json()["detail"]


def test_private_target_refused_in_the_form_with_a_message(strict):
    c, token = page_login(strict)
    r = c.post("/capture", data={"csrf": token, "url": "http://127.0.0.1:9/", "role": "", "platform": ""})
    assert r.status_code == 422 and "拒绝取证" in r.text and "本机" in r.text


@pytest.fixture(scope="module")
def evil_capture(console, tmp_path_factory) -> dict:
    with hostile_site(tmp_path_factory.mktemp("evil")) as base:
        c = console.api_login()
        url = base + "/evil.html?q=<script>alert('url')</script>"
        r = c.post("/api/captures", json={"url": url, "role": "homepage"})
        assert r.status_code == 202
        line = wait_capture(c, r.json()["capture_id"])
    assert line["status"] == "ok", line
    return line


def test_page_text_is_escaped(console, evil_capture):
    c = console.api_login()
    html = c.get(f"/captures/{evil_capture['capture_id']}").text
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in html  # the page title, shown as text
    assert "<script>alert" not in html
    assert "script-src 'self'" in c.get("/").headers["content-security-policy"]
    findings = c.get("/findings", params={"state": "all"}).text
    assert "<script>alert" not in findings and "&lt;script&gt;" in findings


@pytest.mark.parametrize("path", [
    "files/../../../../etc/passwd", "files/..%2f..%2f..%2f..%2fetc%2fpasswd", "files/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "files/%252e%252e%252fetc%252fpasswd", "files//etc/passwd", "files/..%5c..%5cetc%5cpasswd",
    "files/%2fetc%2fpasswd", "files/../../CHAIN", "files/..%2f..%2fkey%2fsigning-key.pem"])
def test_evidence_files_only_from_the_store(console, evil_capture, path):
    c = console.api_login()
    cookie = "; ".join(f"{k}={v}" for k, v in c.cookies.items())
    conn = http.client.HTTPConnection("127.0.0.1", console.port, timeout=10)  # raw: no client-side normalising
    conn.request("GET", f"/captures/{evil_capture['capture_id']}/{path}", headers={"Cookie": cookie})
    r = conn.getresponse()
    body = r.read()
    assert r.status in (400, 404) and b"root:" not in body and b"PRIVATE KEY" not in body, (path, r.status)
    for bad_id in ("..%2f..%2fetc", "..", "%2e%2e"):
        conn.request("GET", f"/captures/{bad_id}/files/passwd", headers={"Cookie": cookie})
        r = conn.getresponse()
        assert r.status in (400, 404) and b"root:" not in r.read()
    ok = c.get(f"/captures/{evil_capture['capture_id']}/files/manifest.json")
    assert ok.status_code == 200 and ok.json()["capture_id"] == evil_capture["capture_id"]


def test_sheet_wacz_and_bundle_downloads(console, evil_capture):
    c, token = page_login(console)
    cid = evil_capture["capture_id"]
    pdf = c.get(f"/captures/{cid}/sheet.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    wacz = c.get(f"/captures/{cid}/capture.wacz")
    assert wacz.status_code == 200 and wacz.content.startswith(b"PK")
    # a derived file never lands inside the sealed folder: the capture still verifies
    assert "核验通过" in c.get(f"/captures/{cid}").text
    found = c.get("/api/findings", params={"state": "all"}).json()
    evil = next(f for f in found if f["capture_id"] == cid)
    r = c.post(f"/findings/{evil['finding_id']}/review", data={"csrf": token, "state": "dismissed", "reason": "",
                                                                "back": "/findings"})
    assert r.status_code == 303 and "error=" in r.headers["location"]  # a dismissal needs a reason
    bundle = c.post("/export", data={"csrf": token, "format": "bundle", "state": "all", "since": "2000-01-01"})
    assert bundle.status_code == 200 and bundle.content.startswith(b"PK")
    import io
    import zipfile
    names = zipfile.ZipFile(io.BytesIO(bundle.content)).namelist()
    assert "violations.xlsx" in names and f"sheets/{cid}.pdf" in names


# -- API --------------------------------------------------------------------------------------------------------
def test_api_capture_returns_the_cli_line_and_is_audited(console, server):
    c = console.api_login("张检查")
    url = server.url(VIOLATION_PAGE) + "?via=api"
    r = c.post("/api/captures", json={"url": url, "role": "homepage", "platform": None})
    assert r.status_code == 202
    capture_id = r.json()["capture_id"]
    first = c.get(f"/api/captures/{capture_id}").json()
    assert first["capture_id"] == capture_id and first["status"] in ("pending", "running", "ok")
    line = wait_capture(c, capture_id)
    assert CLI_KEYS <= set(line) and line["status"] == "ok" and line["capture_id"] == capture_id
    assert any(f["check"] == "license_display" and f["verdict"] == "violation" for f in line["findings"])
    found = c.get("/api/findings", params={"check": "license_display", "state": "pending"}).json()
    assert any(f["url"] == url and f["capture_id"] == capture_id for f in found)
    assert c.get("/api/findings", params={"check": "ad_label"}).json() == [] or all(
        f["check"] == "ad_label" for f in c.get("/api/findings", params={"check": "ad_label"}).json())
    assert c.get("/audit").status_code == 403  # inspectors do not see the audit log
    audit = console.api_login().get("/audit").text
    assert capture_id in audit and "张检查" in audit
    assert c.post("/api/captures", json={"url": "ftp://x/"}).status_code == 422


# -- end to end in Chromium -------------------------------------------------------------------------------------
def test_console_end_to_end_in_chromium(console, server, evil_capture):
    from openpyxl import load_workbook
    from playwright.sync_api import sync_playwright

    from crawler.browser import LAUNCH_FLAGS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    url = server.url(VIOLATION_PAGE)
    dialogs: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=LAUNCH_FLAGS)
        try:
            ctx = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True, locale="zh-CN")
            page = ctx.new_page()
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(console.base + "/findings")
            assert "/login" in page.url
            page.screenshot(path=SCREENSHOTS / "01-login.png")
            page.fill("input[name=username]", "张检查")
            page.fill("input[name=password]", PASSWORD)
            page.click("button:has-text('登录')")
            page.wait_for_url(console.base + "/findings")

            page.goto(console.base + "/capture")
            page.fill("input[name=url]", url)
            page.select_option("select[name=role]", "homepage")
            page.screenshot(path=SCREENSHOTS / "02-capture.png")
            page.click("button:has-text('开始取证')")
            page.wait_for_selector("text=核验通过", timeout=90_000)  # the progress page reloads into the detail
            assert "违法" in page.inner_text(".summary")
            page.screenshot(path=SCREENSHOTS / "03-detail.png")
            page.click("img.zoomable")
            assert "full" in page.get_attribute("img.zoomable", "class")
            capture_id = page.url.rsplit("/", 1)[1]

            finding = page.locator(".finding.violation", has_text="亮照").first
            finding.locator("button:has-text('确认违法')").click()
            page.wait_for_load_state()
            assert "已确认" in page.locator(".finding.violation", has_text="亮照").first.inner_text()

            page.goto(console.base + "/findings?state=all")
            page.screenshot(path=SCREENSHOTS / "04-findings.png")
            page.goto(f"{console.base}/export?state=confirmed&check=license_display")
            page.screenshot(path=SCREENSHOTS / "05-export.png")
            with page.expect_download() as dl:
                page.click("button:has-text('导出 XLSX')")
            xlsx = SCREENSHOTS.parent / "console-export.xlsx"
            dl.value.save_as(xlsx)

            page.goto(console.base + "/")
            page.screenshot(path=SCREENSHOTS / "06-overview.png")
            page.goto(console.base + "/sweeps")
            page.screenshot(path=SCREENSHOTS / "07-sweeps.png")
            page.goto(f"{console.base}/captures/{evil_capture['capture_id']}")  # a hostile page's capture: nothing runs
            page.wait_for_timeout(300)
            ctx.close()

            admin = browser.new_context(viewport={"width": 1366, "height": 768})
            apage = admin.new_page()
            apage.goto(console.base + "/login")
            apage.fill("input[name=username]", "admin")
            apage.fill("input[name=password]", PASSWORD)
            apage.click("button:has-text('登录')")
            apage.goto(console.base + "/audit")
            apage.screenshot(path=SCREENSHOTS / "08-audit.png")
            audit_text = apage.inner_text("main")
            admin.close()
        finally:
            browser.close()
    assert dialogs == []
    ws = load_workbook(xlsx).active
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, [c.value for c in r])) for r in ws.iter_rows(min_row=2)]
    row = next(r for r in rows if r["URL"] == url)
    assert row["审核状态"] == "已确认" and row["审核人"] == "张检查" and row["取证编号"] == capture_id
    assert row["检查项"] == "license_display"
    for action in ("取证", "审核", "导出"):
        assert action in audit_text


def test_sweep_now_runs_a_real_sweep(home, tmp_path):
    """立即巡检 starts the same sweep the CLI runs; it shows up finished on the sweeps page with its counts."""
    with catalogue(tmp_path, products=2) as site:
        c = Console(home, True, "--registry", site["registry"])
        try:
            client, token = page_login(c)
            assert client.post("/sweeps/run", data={"platform": "catalogue", "csrf": token}).status_code == 303
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                listing = client.get("/sweeps").text
                if "catalogue" in listing and "完成" in listing:
                    break
                time.sleep(1)
            sweep_id = re.search(r'href="/sweeps/([^"]+)"', listing).group(1)
            assert "完成" in listing, listing
            assert client.get(f"/sweeps/{sweep_id}").status_code == 200
        finally:
            c.stop()
    from sqlmodel import Session, select

    from xunjian.store import SweepRow, engine_for
    with Session(engine_for(home.env["DATABASE_URL"])) as session:
        row = session.exec(select(SweepRow).where(SweepRow.id == sweep_id)).one()
    assert row.status == "done" and row.pages == site["pages"] == 4 and row.failed == 0


def test_serve_runs_the_platform_schedules(home, tmp_path):
    """`serve` without --no-scheduler starts each platform's scheduled sweep (here: every 5 seconds)."""
    from sqlmodel import Session, select

    from xunjian.store import SweepRow, engine_for

    with catalogue(tmp_path, products=1) as site:
        registry = Path(site["registry"])
        registry.write_text(registry.read_text(encoding="utf-8").replace("  - id: catalogue", "  - id: scheduled")
                            + '    schedule: "* * * * * */5"\n', encoding="utf-8")  # a sixth field: seconds
        port = free_port()
        proc = subprocess.Popen([sys.executable, "-m", "xunjian", "serve", "--port", str(port), "--registry", str(registry)],
                                env=home.env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline, done = time.monotonic() + 90, []
            while time.monotonic() < deadline and not done:
                time.sleep(1)
                with Session(engine_for(home.env["DATABASE_URL"])) as session:
                    done = session.exec(select(SweepRow).where(SweepRow.platform == "scheduled",
                                                               SweepRow.status == "done")).all()
        finally:
            proc.terminate()
            proc.wait(30)
    assert done and done[0].pages == 3
