"""The test suite's web server on 127.0.0.1: the fixture site (tests/site) as static files, plus hostile routes."""
from __future__ import annotations

import datetime
import os
import signal
import ssl
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

SITE = Path(__file__).parent / "site"


def descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(d.name))
    out, todo = [], [root]
    while todo:
        for c in children.get(todo.pop(), []):
            out.append(c)
            todo.append(c)
    return out


def kill_browsers_under(root: int) -> int:
    """SIGKILL the main Chromium process (no --type=) among the descendants of `root`."""
    killed = 0
    for pid in descendants(root):
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if cmd and b"chromium" in cmd[0] and not any(a.startswith(b"--type=") for a in cmd):
            os.kill(pid, signal.SIGKILL)
            killed += 1
    return killed


HUGE_ROWS = 10_000  # six nodes a row: 60,000 elements


class Handler(SimpleHTTPRequestHandler):
    server_version = "FixtureServer/1.0"

    def __init__(self, request, client_address, server) -> None:
        super().__init__(request, client_address, server, directory=str(getattr(server, "site", SITE)))

    def log_message(self, *args) -> None:
        pass

    def send_html(self, body: str | bytes, status: int = 200, charset: str = "utf-8", headers: dict | None = None) -> None:
        data = body.encode(charset) if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", f"text/html; charset={charset}" if charset else "text/html")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:  # noqa: C901 - a table of routes
        parts = urlsplit(self.path)
        path, query = parts.path, parse_qs(parts.query)
        state = self.server.state  # type: ignore[attr-defined]
        state.setdefault("hits", []).append(self.path)
        if path == "/hostile/hang":
            state["stop"].wait(120)  # never answers while the test runs
            return
        if path.startswith("/hostile/loop"):
            self.send_response(302)
            self.send_header("Location", "/hostile/loop-b" if path == "/hostile/loop-a" else "/hostile/loop-a")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if path == "/hostile/redirect":
            self.send_response(301)
            self.send_header("Location", query.get("to", ["/plain.html"])[0])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if path == "/hostile/download":
            data = b"%PDF-1.4 fake attachment\n" * 100
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Disposition", 'attachment; filename="report.pdf"')
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        if path == "/hostile/gbk.html":
            body = ("<html><head><title>华南数码商城</title></head><body><h1>欢迎光临华南数码商城</h1>"
                    "<p>营业执照：统一社会信用代码 91440000MA00000000</p></body></html>")
            self.send_html(body, charset="gbk")
            return
        if path == "/hostile/gbk-meta.html":
            body = ('<html><head><meta charset="gbk"><title>岭南优选</title></head><body>'
                    "<p>本店支持七天无理由退货</p></body></html>")
            self.send_html(body.encode("gbk"), charset="")
            return
        if path == "/hostile/huge.html":
            rows = "".join(f'<div class="r"><span>商品{i}</span><b>¥{i}.00</b><i>库存</i><em>{i}</em><a href="#r{i}">查看</a></div>'
                           for i in range(HUGE_ROWS))
            self.send_html(f"<html><head><title>超大页面</title></head><body><h1>六万节点</h1>{rows}</body></html>")
            return
        if path == "/hostile/missing":
            self.send_html("<html><head><title>页面不存在</title></head><body><h1>404 您访问的页面不存在</h1></body></html>", 404)
            return
        if path == "/hostile/kill-browser":
            n = kill_browsers_under(state["kill_root"]) if state.get("kill_root") else 0
            self.send_html(f"<html><body>killed {n}</body></html>")
            return
        if path == "/hostile/slow-image.png":
            time.sleep(float(query.get("s", ["1"])[0]))
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        name = path.rsplit("/", 1)[-1]
        if (path.startswith("/hostile/") or path == "/plain.html") and name in HOSTILE_PAGES:
            self.send_html(HOSTILE_PAGES[name])
            return
        super().do_GET()

    def guess_type(self, path):  # static .html as UTF-8
        t = super().guess_type(path)
        return "text/html; charset=utf-8" if t == "text/html" else t


HOSTILE_PAGES = {
    "alerts.html": """<html><head><title>弹窗风暴</title><script>
for (let i = 0; i < 15; i++) { alert('恭喜中奖' + i); confirm('是否领取' + i); }
prompt('请输入手机号');
setInterval(() => alert('再来一次'), 200);
</script></head><body><h1>弹窗风暴页面</h1><p>正文仍然可以取证</p></body></html>""",
    "popups.html": """<html><head><title>新窗口风暴</title></head><body><h1>新窗口风暴</h1><script>
for (let i = 0; i < 12; i++) window.open('/plain.html?popup=' + i, '_blank');
setInterval(() => window.open('/plain.html?again', '_blank'), 300);
</script></body></html>""",
    "spin.html": """<html><head><title>主线程卡死</title></head><body><h1>首屏已经绘制</h1>
<script>requestAnimationFrame(() => setTimeout(() => { for (;;) {} }, 300));</script></body></html>""",
    "infinite.html": """<html><head><title>无限滚动</title><style>.card{height:300px;border:1px solid #ccc;margin:8px}</style></head>
<body><h1>猜你喜欢</h1><div id="list"></div><script>
let n = 0; const list = document.getElementById('list');
function more() { for (let i = 0; i < 6; i++) { const d = document.createElement('div'); d.className = 'card'; d.textContent = '推荐商品 ' + (n++) + ' ¥99.00'; list.appendChild(d); } }
more(); more();
window.addEventListener('scroll', () => { if (window.scrollY + innerHeight > document.documentElement.scrollHeight - 800) more(); });
</script></body></html>""",
    "plain.html": "<html><head><meta charset='utf-8'><title>普通页面</title></head><body><h1>普通页面</h1><p>这是一段正文。</p></body></html>",
}


class FixtureServer:
    def __init__(self, tls: bool = False, site: Path = SITE, host: str = "127.0.0.1") -> None:
        self.host = host  # any of 127.0.0.0/8
        self.httpd = ThreadingHTTPServer((host, 0), Handler)
        self.httpd.site = site  # type: ignore[attr-defined]
        self.httpd.daemon_threads = True
        self.httpd.state = {"stop": threading.Event()}  # type: ignore[attr-defined]
        self.scheme = "http"
        if tls:
            self.scheme = "https"
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            cert, key = self_signed_cert()
            ctx.load_cert_chain(cert, key)
            self.httpd.socket = ctx.wrap_socket(self.httpd.socket, server_side=True)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def state(self) -> dict:
        return self.httpd.state  # type: ignore[attr-defined]

    @property
    def base(self) -> str:
        return f"{self.scheme}://{self.host}:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def __enter__(self) -> "FixtureServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.state["stop"].set()
        self.httpd.shutdown()
        self.httpd.server_close()


def self_signed_cert() -> tuple[str, str]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "fixture.test"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "测试证书机构")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(__import__("ipaddress").ip_address("127.0.0.1"))]), False)
            .sign(key, hashes.SHA256()))
    d = tempfile.mkdtemp(prefix="fixture-tls-")
    cp, kp = os.path.join(d, "cert.pem"), os.path.join(d, "key.pem")
    Path(cp).write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    Path(kp).write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cp, kp
