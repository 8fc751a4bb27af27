"""The `xunjian` command line (contract in DESIGN.md: JSON lines, per-URL failures, exit codes 0/3/4/2)."""
from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from checks import CHECK_IDS
from crawler.capture import CaptureSettings

from .evidence import fingerprint, load_or_create_key, load_public, public_pem, verify_folder
from .labels import CHECK_NAMES, ROLE_LABELS
from .registry import DEFAULT_REGISTRY, RegistryError, is_homepage, load_registry, platform_for_url
from .settings import ConfigError, Settings

EXIT_OK, EXIT_VIOLATION, EXIT_USAGE, EXIT_FAILED = 0, 3, 2, 4
ROLES = tuple(ROLE_LABELS)

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False, help="巡检：电子商务平台合规检查与电子数据取证。")
err = Console(stderr=True)


def usage_error(message: str) -> typer.Exit:
    err.print(f"[red]错误：[/red]{message}")
    return typer.Exit(EXIT_USAGE)


def load_settings() -> Settings:
    try:
        return Settings.load()
    except ConfigError as e:
        raise usage_error(str(e))


def load_platforms(registry: Optional[Path], required: bool) -> dict[str, dict[str, Any]]:
    """The registry's platforms; without --registry the default file, and nothing when it is absent and not required."""
    path = registry or DEFAULT_REGISTRY
    if registry is None and not path.exists():
        if required:
            raise usage_error(f"找不到平台登记文件 {path}，请用 --registry 指定")
        return {}
    try:
        return load_registry(path)
    except RegistryError as e:
        raise usage_error(str(e))


def exit_code(lines: list[dict[str, Any]]) -> int:
    if any(line["status"] == "failed" for line in lines):
        return EXIT_FAILED
    if any(f["verdict"] == "violation" for line in lines for f in line["findings"]):
        return EXIT_VIOLATION
    return EXIT_OK


def human_line(line: dict[str, Any]) -> str:
    if line["status"] == "failed":
        return f"✗ 失败  {line['url']}  {line['error']}" + (f"  证据：{line['evidence_dir']}" if line["evidence_dir"] else "")
    violations = sorted({f["check"] for f in line["findings"] if f["verdict"] == "violation"})
    verdict = ("违法：" + "、".join(violations)) if violations else "未发现违法"
    partial = "  [部分取证：" + "；".join(line.get("partial_reasons", [])) + "]" if line.get("partial") else ""
    return f"✓ {line['http_status']}  {line['url']}  {verdict}  证据：{line['evidence_dir']}{partial}"


@app.command()
def capture(
    urls: list[str] = typer.Argument(..., metavar="URL...", help="要取证的网址（http/https）"),
    as_json: bool = typer.Option(False, "--json", help="每个URL输出一行JSON"),
    registry: Optional[Path] = typer.Option(None, "--registry", help="平台登记文件（默认 config/platforms.yaml）"),
    platform: Optional[str] = typer.Option(None, "--platform", help="登记文件中的平台 id"),
    role: Optional[str] = typer.Option(None, "--role", help="页面类型：homepage|search|product|shop"),
    concurrency: int = typer.Option(4, "--concurrency", min=1, max=32, help="同时取证的URL数"),
    timeout: float = typer.Option(20.0, "--timeout", min=1.0, help="页面导航时限（秒）"),
    inspector: Optional[str] = typer.Option(None, "--inspector", help="取证人员姓名"),
) -> None:
    """对URL取证：截图、存档、提取页面事实、执行检查、签名封存。"""
    if role is not None and role not in ROLES:
        raise usage_error(f"--role 只能是 {'|'.join(ROLES)}，收到：{role}")
    settings = load_settings()
    platforms = load_platforms(registry, required=platform is not None)
    entry = None
    if platform is not None:
        if platform not in platforms:
            raise usage_error(f"平台登记中没有 id 为 {platform} 的平台" + (f"（已登记：{', '.join(platforms)}）" if platforms else ""))
        entry = platforms[platform]
    code = asyncio.run(_capture(urls, as_json, entry, platforms, role, concurrency, timeout, inspector, settings))
    raise typer.Exit(code)


async def _capture(urls: list[str], as_json: bool, entry: dict[str, Any] | None, platforms: dict[str, dict[str, Any]],
                   role: str | None, concurrency: int, timeout: float, inspector: str | None, settings: Settings) -> int:
    from .service import Capturer, capture_batch

    capturer = Capturer(settings, CaptureSettings(nav_timeout=timeout), inspector=inspector)
    show_progress = not as_json and sys.stderr.isatty()
    progress = Progress(TextColumn("取证"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err,
                        disable=not show_progress)
    task = progress.add_task("capture", total=len(urls))
    out = Console(soft_wrap=True, highlight=False)

    def emit(line: dict[str, Any]) -> None:
        if as_json:
            sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
            sys.stdout.flush()
        else:
            out.print(human_line(line), markup=False)
        progress.advance(task)

    targets = []
    for url in urls:
        plat = entry or platform_for_url(platforms, url)
        targets.append((url, role or ("homepage" if plat and is_homepage(plat, url) else None), plat))
    try:
        with progress:
            lines = await capture_batch(capturer, targets, concurrency, emit)
    finally:
        await capturer.close()
    return exit_code(lines)


@app.command()
def verify(
    target: str = typer.Argument(..., metavar="CAPTURE_ID|FOLDER|BUNDLE.zip", help="取证编号、证据文件夹或案件证据包"),
    public_key: Optional[Path] = typer.Option(None, "--public-key", help="用于核验签名的公钥（默认本机构密钥）"),
) -> None:
    """核验证据：重算每个文件的 SHA-256，核对签名与证据链。"""
    settings = load_settings()
    folder = Path(target)
    if folder.is_file() and folder.suffix == ".zip":
        verify_case_bundle(folder, public_key)
        return
    if not folder.is_dir():
        folder = settings.evidence_dir / target
    if not folder.is_dir():
        raise usage_error(f"找不到证据：{target}（既不是文件夹，也不是证据库 {settings.evidence_dir} 中的取证编号）")
    try:
        key = load_public(public_key) if public_key else load_or_create_key(settings.key_path).public_key()
    except (OSError, ValueError) as e:
        raise usage_error(f"无法读取公钥：{e}")
    problems = verify_folder(folder, key)
    if problems:
        for p in problems:
            typer.echo(f"不符：{p}")
        typer.echo(f"核验失败：{folder}（{len(problems)} 处问题）")
        raise typer.Exit(1)
    typer.echo(f"核验通过：{folder}（签名密钥 {fingerprint(key)}）")


def verify_case_bundle(path: Path, public_key: Optional[Path]) -> None:
    from .bundle import verify_bundle

    try:
        trusted = load_public(public_key) if public_key else None
    except (OSError, ValueError) as e:
        raise usage_error(f"无法读取公钥：{e}")
    problems, fp = verify_bundle(path, trusted)
    for p in problems:
        typer.echo(f"不符：{p}")
    if problems:
        typer.echo(f"核验失败：{path}（{len(problems)} 处问题）")
        raise typer.Exit(1)
    typer.echo(f"核验通过：{path}（签名密钥 {fp}{'' if trusted else '，请与本机构公布的公钥指纹核对'}）")


@app.command()
def key(
    export: Optional[Path] = typer.Option(None, "--export", help="把公钥写入此文件"),
) -> None:
    """显示本机构签名公钥及其指纹（首次使用时生成密钥）。"""
    settings = load_settings()
    public = load_or_create_key(settings.key_path).public_key()
    pem = public_pem(public)
    if export:
        export.write_text(pem, encoding="ascii")
        typer.echo(f"公钥已写入 {export}")
    typer.echo(pem.strip())
    typer.echo(f"指纹：{fingerprint(public)}")


@app.command()
def sweep(
    platform: Optional[list[str]] = typer.Option(None, "--platform", help="要巡检的平台 id（可多次给出）"),
    all_: bool = typer.Option(False, "--all", help="巡检登记文件中的全部平台"),
    registry: Optional[Path] = typer.Option(None, "--registry", help="平台登记文件（默认 config/platforms.yaml）"),
    max_pages: Optional[int] = typer.Option(None, "--max-pages", min=1, help="每个平台最多取证的页面数（默认取登记文件的 max_pages）"),
    as_json: bool = typer.Option(False, "--json", help="每个页面一行JSON，最后每个平台一行汇总"),
    resume: Optional[str] = typer.Option(None, "--resume", help="继续一次被中断的巡检（不重复取证已完成的页面）"),
    concurrency: int = typer.Option(4, "--concurrency", min=1, max=32, help="同时取证的页面数"),
    inspector: Optional[str] = typer.Option(None, "--inspector", help="取证人员姓名"),
    per_domain: Optional[int] = typer.Option(None, "--per-domain", min=1, help="同一域名同时取证的页面数上限（默认与 --concurrency 相同）"),
    delay: float = typer.Option(0.0, "--delay", min=0.0, help="同一域名相邻两页开始取证的最小间隔（秒），减轻对平台的压力"),
    redis_url: Optional[str] = typer.Option(None, "--redis", help="多机巡检：把待取证页面放入此 Redis 队列（redis://主机/0），由 xunjian worker 取证；本命令等待完成并汇总"),
) -> None:
    """巡检登记的平台：首页、各关键词搜索页，以及从中发现的商品页和店铺页，逐页取证、检查并与上次巡检比较。"""
    from .sweep import await_sweeps, get_sweep, run_sweeps, seed_frontier, start_sweep

    settings = load_settings()
    platforms = load_platforms(registry, required=True)
    jobs = []
    if resume:
        previous = get_sweep(settings.database_url, resume)
        if previous is None:
            raise usage_error(f"找不到巡检记录：{resume}")
        if previous.status == "done":
            raise usage_error(f"巡检 {resume} 已经完成，无需继续")
        if previous.platform not in platforms:
            raise usage_error(f"巡检 {resume} 的平台 {previous.platform} 不在登记文件中")
        jobs.append((previous, platforms[previous.platform]))
    else:
        chosen = list(platforms) if all_ else (platform or [])
        if not chosen:
            raise usage_error("请用 --platform ID 指定平台，或用 --all 巡检全部平台")
        unknown = [p for p in chosen if p not in platforms]
        if unknown:
            raise usage_error(f"平台登记中没有：{', '.join(unknown)}（已登记：{', '.join(platforms) or '无'}）")
        for pid in chosen:
            entry = platforms[pid]
            jobs.append((start_sweep(settings.database_url, entry, max_pages or entry.get("max_pages") or 200, redis_url), entry))
    total = sum(job[0].settings["max_pages"] for job in jobs)
    progress = Progress(TextColumn("巡检"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err,
                        disable=as_json or not sys.stderr.isatty())
    task = progress.add_task("sweep", total=total)
    out = Console(soft_wrap=True, highlight=False)
    lines: list[dict[str, Any]] = []

    def emit(line: dict[str, Any]) -> None:
        lines.append(line)
        if as_json:
            sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
            sys.stdout.flush()
        else:
            out.print(human_line(line), markup=False)
        progress.advance(task)

    with progress:
        if redis_url:
            frontier = frontier_or_exit(lambda: seed_frontier(redis_url, jobs), redis_url)
            summaries = await_sweeps(settings, frontier, jobs, emit)
        else:
            summaries = run_sweeps(settings, jobs, concurrency, inspector or settings.inspector, emit, per_domain, delay)
    for s in summaries:
        if as_json:
            sys.stdout.write(json.dumps(s, ensure_ascii=False) + "\n")
        else:
            typer.echo(f"巡检 {s['sweep_id']}（{s['platform']}）：{s['pages']} 页，失败 {s['failed']}，违法 {s['violations']} 项"
                       f"（新增 {s['new']}，持续 {s['persisting']}，已整改 {s['resolved']}）")
    raise typer.Exit(exit_code(lines))


def frontier_or_exit(connect: Any, redis_url: str) -> Any:
    import redis

    try:
        return connect()
    except (redis.RedisError, ValueError) as e:
        raise usage_error(f"无法连接 Redis 队列 {redis_url}：{str(e).splitlines()[0]}")


@app.command()
def worker(
    redis_url: str = typer.Option(..., "--redis", help="巡检队列所在的 Redis（redis://主机/0），与 xunjian sweep --redis 相同"),
    concurrency: int = typer.Option(4, "--concurrency", min=1, max=32, help="本机同时取证的页面数"),
    lease_timeout: float = typer.Option(120.0, "--lease-timeout", min=5.0, help="取走的页面多少秒无心跳即退回队列（本进程每四分之一时限续约一次）"),
    exit_when_idle: bool = typer.Option(False, "--exit-when-idle", help="队列中没有待取证和正在取证的页面时退出（默认一直等待）"),
    per_domain: Optional[int] = typer.Option(None, "--per-domain", min=1, help="同一域名同时取证的页面数上限（默认与 --concurrency 相同）"),
    delay: float = typer.Option(0.0, "--delay", min=0.0, help="同一域名相邻两页开始取证的最小间隔（秒），减轻对平台的压力"),
    inspector: Optional[str] = typer.Option(None, "--inspector", help="取证人员姓名"),
) -> None:
    """多机巡检的取证进程：从 Redis 队列取页面，取证、检查、封存，写入共享数据库（DATABASE_URL）与证据目录。"""
    from crawler.frontier import Frontier

    from .sweep import run_worker

    settings = load_settings()
    frontier_or_exit(lambda: Frontier.from_url(redis_url).server.ping(), redis_url)
    run_worker(settings, redis_url, concurrency, inspector or settings.inspector, lease_timeout, exit_when_idle,
               per_domain, delay)


sweeps_app = typer.Typer(help="巡检记录：列表与差异。", invoke_without_command=True)
app.add_typer(sweeps_app, name="sweeps")


@sweeps_app.callback()
def sweeps_list(ctx: typer.Context) -> None:
    """列出巡检记录。"""
    if ctx.invoked_subcommand is not None:
        return
    from .sweep import list_sweeps

    for s in list_sweeps(load_settings().database_url):
        typer.echo(f"{s.id}  {s.platform}  {s.status}  {s.started_at:%Y-%m-%d %H:%M}  页面 {s.pages}  失败 {s.failed}  "
                   f"违法 {s.violations}（新增 {s.new}，持续 {s.persisting}，已整改 {s.resolved}）")


@sweeps_app.command("show")
def sweeps_show(sweep_id: str = typer.Argument(..., metavar="SWEEP_ID")) -> None:
    """显示一次巡检与上一次巡检相比的差异。"""
    from .sweep import get_sweep

    s = get_sweep(load_settings().database_url, sweep_id)
    if s is None:
        raise usage_error(f"找不到巡检记录：{sweep_id}")
    typer.echo(f"巡检 {s.id}（{s.platform}，{s.status}），上一次：{s.diff.get('previous') or '无'}")
    for kind, title in (("new", "新增"), ("persisting", "持续"), ("resolved", "已整改")):
        items = s.diff.get(kind, [])
        typer.echo(f"{title}（{len(items)}）")
        for v in items:
            mark = "［亮照新缺失］" if v.get("newly_missing_licence") else ""
            typer.echo(f"  {v['check']}  {v['url']}  {mark}{v['reason']}")


@app.command()
def scheduler(
    registry: Optional[Path] = typer.Option(None, "--registry", help="平台登记文件（默认 config/platforms.yaml）"),
    run_for: Optional[float] = typer.Option(None, "--for", min=1, help="运行这么多秒后停止（默认一直运行）"),
    max_pages: Optional[int] = typer.Option(None, "--max-pages", min=1, help="每次计划巡检的页面上限"),
) -> None:
    """按登记文件中各平台的 schedule（cron，北京时间）定时巡检；不带控制台。"""
    import logging
    import time

    from .scheduler import Scheduler

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s", stream=sys.stderr)
    settings = load_settings()
    path = registry or DEFAULT_REGISTRY
    platforms = load_platforms(path, required=True)
    extra = ["--max-pages", str(max_pages)] if max_pages else []
    Scheduler(platforms, path, settings.database_url, extra).run(until=time.monotonic() + run_for if run_for else None)


@app.command()
def rejudge(
    capture_ids: Optional[list[str]] = typer.Argument(None, metavar="[CAPTURE_ID...]", help="要重新判定的取证编号"),
    all_: bool = typer.Option(False, "--all", help="重新判定全部已存取证"),
    registry: Optional[Path] = typer.Option(None, "--registry", help="平台登记文件（默认 config/platforms.yaml）"),
) -> None:
    """用当前规则重新判定已存取证（不启动浏览器；封存的证据不变），列出变化的结论。"""
    from .rejudge import rejudge as run

    if not capture_ids and not all_:
        raise usage_error("请给出取证编号，或用 --all 重新判定全部")
    settings = load_settings()
    platforms = load_platforms(registry, required=False)
    try:
        changes, pages, seconds = run(settings.database_url, platforms, None if all_ else capture_ids)
    except LookupError as e:
        raise usage_error(str(e))
    for c in changes:
        typer.echo(f"{c.capture_id}  {c.check}  {c.before or '—'} → {c.after or '—'}  {c.url}")
    per_page = seconds / pages * 1000 if pages else 0.0
    typer.echo(f"重新判定 {pages} 个页面，{len(changes)} 项结论变化；判定用时 {seconds * 1000:.0f} ms（每页 {per_page:.1f} ms）")


review_app = typer.Typer(help="审核违法线索：列出、确认、排除。", no_args_is_help=True)
app.add_typer(review_app, name="review")


def reviewer_name(given: Optional[str], settings: Settings) -> str:
    import getpass

    return given or settings.inspector or getpass.getuser()


def parse_since(since: Optional[str]) -> Any:
    from datetime import date

    try:
        return date.fromisoformat(since) if since else None
    except ValueError:
        raise usage_error(f"--since 应为日期 YYYY-MM-DD，收到：{since}")


def parse_states(state: str) -> set[str]:
    from .review import ReviewError, states_for

    try:
        return states_for(state)
    except ReviewError as e:
        raise usage_error(f"--state：{e}")


def check_filter(check: Optional[str]) -> Optional[str]:
    if check is not None and check not in CHECK_IDS:
        raise usage_error(f"没有检查项 {check}（可用：{', '.join(CHECK_IDS)}）")
    return check


@review_app.command("list")
def review_list(
    platform: Optional[str] = typer.Option(None, "--platform", help="平台 id"),
    check: Optional[str] = typer.Option(None, "--check", help="检查项 id"),
    state: str = typer.Option("pending", "--state", help="pending|confirmed|dismissed|open|all"),
    since: Optional[str] = typer.Option(None, "--since", help="最近发现不早于此日期（YYYY-MM-DD，北京时间）"),
    as_json: bool = typer.Option(False, "--json", help="每条线索一行JSON"),
) -> None:
    """列出违法线索（默认：待审核）。线索编号用于 confirm / dismiss。"""
    from .export import row_of
    from .review import STATE_LABELS, violations

    settings = load_settings()
    rows = violations(settings.database_url, platform, check_filter(check), parse_since(since), parse_states(state))
    platforms = load_platforms(None, required=False)
    for v in rows:
        if as_json:
            typer.echo(json.dumps(row_of(v, platforms), ensure_ascii=False))
        else:
            inherited = f"（沿用 {v.inherited_from}）" if v.inherited_from else ""
            typer.echo(f"{v.finding_id:>6}  {STATE_LABELS[v.state]}{inherited}  {v.check}  {v.platform or '-'}  {v.url}  {v.reason}")
    if not as_json:
        typer.echo(f"共 {len(rows)} 条")


def decide_cli(finding_ids: list[int], state: str, reviewer: Optional[str], reason: Optional[str]) -> None:
    from .review import ReviewError, decide

    settings = load_settings()
    try:
        rows = decide(settings.database_url, finding_ids, state, reviewer_name(reviewer, settings), reason)
    except ReviewError as e:
        raise usage_error(str(e))
    for r in rows:
        typer.echo(f"线索 {r.finding_id}：{'已确认' if state == 'confirmed' else '已排除'}（审核人 {r.reviewer}）")


@review_app.command("confirm")
def review_confirm(
    finding_ids: list[int] = typer.Argument(..., metavar="FINDING_ID...", help="线索编号"),
    reviewer: Optional[str] = typer.Option(None, "--reviewer", help="审核人（默认配置的 inspector 或当前用户）"),
    reason: Optional[str] = typer.Option(None, "--reason", help="说明（可选）"),
) -> None:
    """确认违法线索。"""
    decide_cli(finding_ids, "confirmed", reviewer, reason)


@review_app.command("dismiss")
def review_dismiss(
    finding_ids: list[int] = typer.Argument(..., metavar="FINDING_ID...", help="线索编号"),
    reason: str = typer.Option(..., "--reason", help="排除理由（必填）"),
    reviewer: Optional[str] = typer.Option(None, "--reviewer", help="审核人（默认配置的 inspector 或当前用户）"),
) -> None:
    """排除违法线索（误报等），须写明理由；已排除的线索默认不导出。"""
    decide_cli(finding_ids, "dismissed", reviewer, reason)


@app.command()
def export(
    fmt: str = typer.Option("xlsx", "--format", help="csv|xlsx|json"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="违法线索清单文件"),
    bundle: Optional[Path] = typer.Option(None, "--bundle", help="同时生成案件证据包（zip）"),
    platform: Optional[str] = typer.Option(None, "--platform", help="平台 id"),
    check: Optional[str] = typer.Option(None, "--check", help="检查项 id"),
    since: Optional[str] = typer.Option(None, "--since", help="最近发现不早于此日期（YYYY-MM-DD，北京时间）"),
    state: str = typer.Option("open", "--state", help="pending|confirmed|dismissed|open（待审核+已确认，默认）|all"),
    registry: Optional[Path] = typer.Option(None, "--registry", help="平台登记文件（默认 config/platforms.yaml）"),
) -> None:
    """导出违法线索清单（CSV/XLSX/JSON），可附案件证据包：清单、证据文件夹、取证单 PDF、WACZ、公钥与核验说明。"""
    from .export import FORMATS, row_of, write
    from .review import violations

    if fmt not in FORMATS:
        raise usage_error(f"--format 只能是 {'|'.join(FORMATS)}，收到：{fmt}")
    if output is None and bundle is None:
        raise usage_error("请用 -o FILE 指定清单文件，或用 --bundle case.zip 生成证据包")
    settings = load_settings()
    platforms = load_platforms(registry, required=False)
    found = violations(settings.database_url, platform, check_filter(check), parse_since(since), parse_states(state))
    rows = [row_of(v, platforms) for v in found]
    if output is not None:
        write(rows, fmt, output)
        typer.echo(f"已导出 {len(rows)} 条违法线索：{output}")
    if bundle is not None:
        from .bundle import build_bundle

        try:
            summary = asyncio.run(build_bundle(settings, rows, bundle))
        except FileNotFoundError as e:
            raise usage_error(str(e))
        typer.echo(f"案件证据包：{bundle}（{summary['violations']} 条线索，{summary['captures']} 次取证，签名密钥 {summary['signing_key']}）")


@app.command()
def recheck(
    finding_ids: Optional[list[int]] = typer.Option(None, "--finding", help="只复查这些线索（可多次给出）"),
    platform: Optional[str] = typer.Option(None, "--platform", help="只复查此平台"),
    registry: Optional[Path] = typer.Option(None, "--registry", help="平台登记文件（默认 config/platforms.yaml）"),
    concurrency: int = typer.Option(4, "--concurrency", min=1, max=32, help="同时取证的页面数"),
    inspector: Optional[str] = typer.Option(None, "--inspector", help="取证人员姓名"),
    as_json: bool = typer.Option(False, "--json", help="每条线索一行JSON"),
) -> None:
    """整改复查：重新取证已确认违法线索所在页面，逐条记录已整改 / 仍违法 / 页面已不存在。"""
    from .export import RECHECK_LABELS
    from .recheck import recheck as run
    from .review import ReviewError

    settings = load_settings()
    platforms = load_platforms(registry, required=False)
    try:
        results = asyncio.run(run(settings, platforms, finding_ids, platform, concurrency, inspector or settings.inspector))
    except ReviewError as e:
        raise usage_error(str(e))
    for v, r in results:
        if as_json:
            typer.echo(json.dumps({"finding_id": v.finding_id, "url": v.url, "check": v.check, "outcome": r.outcome,
                                   "detail": r.detail, "capture_id": r.capture_id}, ensure_ascii=False))
        else:
            typer.echo(f"{v.finding_id:>6}  {RECHECK_LABELS.get(r.outcome, r.outcome)}  {v.check}  {v.url}  {r.detail}")
    if not results and not as_json:
        typer.echo("没有需要复查的已确认违法线索")


@app.command()
def demo() -> None:
    """演示：在本机 127.0.0.1:8765 启动内置的虚构平台网站，按示例登记文件巡检，列出违法情形与新增/持续/已整改。"""
    from .demo import DEMO_PORT, serve_demo
    from .sweep import run_sweeps, start_sweep

    settings = load_settings()
    platforms = load_platforms(DEFAULT_REGISTRY, required=True)
    if not platforms:
        raise usage_error(f"找不到示例平台登记文件 {DEFAULT_REGISTRY}（请在项目根目录运行）")

    lines: list[tuple[dict[str, Any], str, dict[str, Any]]] = []
    try:
        with serve_demo(DEMO_PORT) as base:
            err.print(f"演示网站：{base}/ （{len(platforms)} 个虚构平台），开始巡检……")
            jobs = [(start_sweep(settings.database_url, p, p.get("max_pages") or 20), p) for p in platforms.values()]
            with Progress(TextColumn("巡检"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err) as progress:
                task = progress.add_task("demo", total=sum(j[0].settings["max_pages"] for j in jobs))

                def collect(line: dict[str, Any]) -> None:
                    lines.append((line, line.get("role") or "", platform_for_url(platforms, line["url"]) or {}))
                    progress.advance(task)

                summaries = run_sweeps(settings, jobs, 4, settings.inspector or "演示", collect)
    except RuntimeError as e:
        raise usage_error(str(e))
    _demo_report(lines, settings)
    for s in summaries:
        typer.echo(f"{platforms[s['platform']]['name']}：巡检 {s['sweep_id']}，{s['pages']} 页，违法 {s['violations']} 项"
                   f"（新增 {s['new']}，持续 {s['persisting']}，已整改 {s['resolved']}）")
    typer.echo("再运行一次 make demo，可看到与上次巡检的比较；.venv/bin/xunjian sweeps show <巡检编号> 查看差异。")
    typer.echo("审核与导出：.venv/bin/xunjian review list；.venv/bin/xunjian export -o 违法线索.xlsx；"
               ".venv/bin/xunjian export --bundle case.zip")
    _demo_console(settings)


DEMO_USER, DEMO_PASSWORD = "demo", "xunjian-demo"


def _demo_console(settings: Settings) -> None:
    """A demo account, so the console can be opened on the demo data straight away."""
    from .console.auth import UserError, add_user, list_users

    if DEMO_USER not in {u.username for u in list_users(settings.database_url)}:
        try:
            add_user(settings.database_url, DEMO_USER, DEMO_PASSWORD, "admin")
        except UserError as e:
            typer.echo(f"未能创建演示账号：{e}")
            return
    typer.echo(f"打开控制台查看演示数据：.venv/bin/xunjian serve --demo ，浏览器访问 http://127.0.0.1:8000/ ，"
               f"演示账号 {DEMO_USER} / 密码 {DEMO_PASSWORD}（仅供演示，正式使用请用 xunjian user add 建立账号）")


def _demo_report(lines: list[tuple[dict[str, Any], str, dict[str, Any]]], settings: Settings) -> None:
    from rich.table import Table

    order = {"homepage": 0, "search": 1, "product": 2, "shop": 3}
    table = Table(title="演示巡检结果", show_lines=False)
    for col in ("平台", "页面类型", "网址", "状态", "违法情形", "证据文件夹"):
        table.add_column(col, overflow="fold")
    for line, role, platform in sorted(lines, key=lambda t: (t[2].get("id", ""), order.get(t[1], 9), t[0]["url"])):
        violations = [f"{CHECK_NAMES[f['check']]}：{f['reason']}" for f in line["findings"] if f["verdict"] == "violation"]
        status = "成功" if line["status"] == "ok" else f"失败：{line['error']}"
        if line.get("partial"):
            status += "（部分）"
        evidence = line["evidence_dir"] or "—"
        if violations:
            evidence += "/annotated.png"
        table.add_row(platform.get("name", "?"), ROLE_LABELS.get(role, role), line["url"].split("8765", 1)[-1], status,
                      "\n".join(violations) or "—", evidence)
    Console(width=max(160, Console().width)).print(table)
    counts = {c: sum(1 for line, _, _ in lines if any(f["check"] == c and f["verdict"] == "violation" for f in line["findings"]))
              for c in CHECK_IDS}
    typer.echo("各项检查发现违法页面数：" + "，".join(f"{CHECK_NAMES[c]} {n}" for c, n in counts.items()))
    typer.echo(f"证据库：{settings.evidence_dir}    数据库：{settings.database_url}")
    typer.echo("核验任一证据：.venv/bin/xunjian verify <取证编号>")


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="监听地址（默认只允许本机访问）"),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="监听端口"),
    registry: Optional[Path] = typer.Option(None, "--registry", help="平台登记文件（默认 config/platforms.yaml）"),
    no_scheduler: bool = typer.Option(False, "--no-scheduler", help="不运行定时巡检"),
    demo_site: bool = typer.Option(False, "--demo", help="同时在 127.0.0.1:8765 提供演示网站，并允许取证本机地址（仅供演示）"),
) -> None:
    """启动网页控制台（登录、取证、违法线索审核、导出、巡检），同时按登记文件定时巡检。"""
    from contextlib import nullcontext

    import uvicorn

    from .console.app import create_app
    from .demo import serve_demo

    settings = load_settings()
    if demo_site:
        settings.allow_private_targets = True  # the demo platforms live on 127.0.0.1
    path = registry or DEFAULT_REGISTRY
    platforms = load_platforms(registry, required=registry is not None)
    try:
        with serve_demo() if demo_site else nullcontext() as base:
            if base:
                err.print(f"演示网站：{base}/ （可在控制台取证其页面，或对演示平台“立即巡检”）")
            err.print(f"巡检控制台：http://{host}:{port}/ （API 文档 /docs；按 Ctrl+C 停止）")
            uvicorn.run(create_app(settings, platforms, path if path.exists() else None, scheduler=not no_scheduler),
                        host=host, port=port, log_level="warning")
    except RuntimeError as e:
        raise usage_error(str(e))


user_app = typer.Typer(help="控制台账号。", no_args_is_help=True)
app.add_typer(user_app, name="user")


@user_app.command("add")
def user_add(
    name: str = typer.Argument(..., metavar="NAME", help="用户名"),
    role: str = typer.Option(..., "--role", help="inspector（执法人员）|admin（管理员，可看审计日志）"),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="从标准输入读取密码（一行）"),
) -> None:
    """添加控制台账号（密码以 argon2 哈希保存）。"""
    import getpass

    from .console.auth import ROLES as USER_ROLES, UserError, add_user

    if role not in USER_ROLES:
        raise usage_error(f"--role 只能是 {'|'.join(USER_ROLES)}，收到：{role}")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("密码：")
        if getpass.getpass("再输一次：") != password:
            raise usage_error("两次输入的密码不一致")
    try:
        add_user(load_settings().database_url, name, password, role)
    except UserError as e:
        raise usage_error(str(e))
    typer.echo(f"已添加用户 {name.strip()}（{'管理员' if role == 'admin' else '执法人员'}）")


@user_app.command("list")
def user_list() -> None:
    """列出控制台账号。"""
    from .console.auth import list_users

    for u in list_users(load_settings().database_url):
        typer.echo(f"{u.username}  {u.role}  {u.created_at:%Y-%m-%d %H:%M}")


def main() -> None:
    app()
