"""``modelhub`` command line.

Global options come before the command::

    modelhub [--workspace NAME] [--db URL] [--env-file PATH] [--json] COMMAND ...

Keys are never taken from the command line (argv is visible to other users and lands in
shell history): ``providers validate|save`` read the config JSON from standard input with
``--config -``, or prompt for the key without echo.

Exit status: 0 success; 1 a failed operation (one line on stderr, no traceback); 2 usage.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import logging
import sys
from typing import TYPE_CHECKING, Any, TextIO

import modelhub
from modelhub.domain.errors import InvalidInputError, ModelHubError
from modelhub.domain.models import (
    Balance,
    BalanceKind,
    Capability,
    CatalogDiff,
    CatalogModel,
    DefaultModel,
    HealthCheck,
    ModelType,
    ProviderInfo,
    ProviderState,
    ValidationResult,
)
from modelhub.providers.base import parse_config_json

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Mapping
    from datetime import datetime

    from modelhub.services.bootstrap import Services

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
log = logging.getLogger(__name__)


class UsageError(Exception):
    """Wrong use of the command line (exit 2)."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also used for ``--help`` and by the window for global options)."""
    parser = argparse.ArgumentParser(
        prog="modelhub",
        description="Manage LLM model providers, keys and default models per workspace. "
        "Run without a command to open the window.",
    )
    parser.add_argument("--version", action="version", version=f"modelhub {modelhub.__version__}")
    parser.add_argument(
        "--workspace",
        default="Default",
        metavar="NAME",
        help="workspace to act on (default: %(default)s)",
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        help="database URL (sqlite:///path or postgresql://user:pass@host/db); "
        "default: DATABASE_URL, else modelhub.db in the data folder",
    )
    parser.add_argument(
        "--env-file",
        metavar="PATH",
        help="a .env file with DATABASE_URL and ENCRYPTION_KEY (e.g. the platform's own)",
    )
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")
    parser.add_argument("--smoke-test", action="store_true", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    ws = sub.add_parser("workspaces", help="list, create, rename or delete workspaces")
    ws_sub = ws.add_subparsers(dest="action", metavar="ACTION", required=True)
    ws_sub.add_parser("list", help="list workspaces")
    ws_sub.add_parser("create", help="create a workspace").add_argument("name")
    rename = ws_sub.add_parser("rename", help="rename a workspace")
    rename.add_argument("old")
    rename.add_argument("new")
    delete = ws_sub.add_parser("delete", help="delete a workspace and everything in it")
    delete.add_argument("name")
    delete.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    pr = sub.add_parser("providers", help="list, validate, save or delete provider configs")
    pr_sub = pr.add_subparsers(dest="action", metavar="ACTION", required=True)
    pr_sub.add_parser("list", help="list the workspace's providers and their status")
    pr_sub.add_parser(
        "catalog", help="list every provider that can be configured (built-in, preset, custom)"
    )
    for name, text in (
        ("validate", "check a config without saving it"),
        ("save", "validate and save a config (encrypted)"),
    ):
        cmd = pr_sub.add_parser(name, help=text)
        cmd.add_argument("provider")
        cmd.add_argument(
            "--config",
            metavar="-",
            help="read the config JSON from standard input ('-'); without it "
            "the key is asked for without echo",
        )
        if name == "save":
            cmd.add_argument(
                "--save-anyway",
                action="store_true",
                help="store the config even when the provider cannot be reached "
                "(kept as not valid)",
            )
    pr_sub.add_parser("test", help="re-check the stored config").add_argument("provider")
    pr_sub.add_parser("delete", help="remove a provider config and its defaults").add_argument(
        "provider"
    )

    md = sub.add_parser("models", help="list or refresh the model catalog")
    md_sub = md.add_subparsers(dest="action", metavar="ACTION", required=True)
    ml = md_sub.add_parser("list", help="models of valid providers, grouped by type")
    ml.add_argument(
        "--type",
        dest="model_type",
        metavar="TYPE",
        help="one of: " + ", ".join(t.value for t in ModelType),
    )
    ml.add_argument("--provider")
    ml.add_argument(
        "--enabled-only", action="store_true", help="leave out the models disabled by an admin"
    )
    mr = md_sub.add_parser("refresh", help="validate and refetch models (all, or one provider)")
    mr.add_argument("provider", nargs="?")
    for name, text in (
        ("enable", "offer models as defaults again"),
        ("disable", "keep models listed but never offer them as defaults"),
    ):
        cmd = md_sub.add_parser(name, help=text)
        cmd.add_argument("provider")
        cmd.add_argument("models", nargs="+", metavar="MODEL")
    ma = md_sub.add_parser("add", help="add a model the provider's list lacks (kept on refresh)")
    ma.add_argument("provider")
    ma.add_argument("model")
    ma.add_argument(
        "--type",
        dest="model_type",
        metavar="TYPE",
        required=True,
        help="one of: " + ", ".join(t.value for t in ModelType),
    )
    ma.add_argument(
        "--capability",
        dest="capabilities",
        action="append",
        default=[],
        metavar="NAME",
        help="repeatable; one of: " + ", ".join(c.value for c in Capability),
    )
    ma.add_argument("--context-length", type=int, metavar="TOKENS")
    ma.add_argument("--max-output-tokens", type=int, metavar="TOKENS")
    mrm = md_sub.add_parser("remove", help="remove a model that was added by hand")
    mrm.add_argument("provider")
    mrm.add_argument("model")

    ck = sub.add_parser(
        "check",
        help="health-check models with a real, minimal request each (billed to the key); "
        "exit 1 when any check fails",
    )
    which = ck.add_mutually_exclusive_group()
    which.add_argument("--defaults", action="store_true", help="check the default models")
    which.add_argument("--provider", help="check this provider's enabled models")
    ck.add_argument("--model", help="with --provider: only this model")
    ck.add_argument(
        "--type",
        dest="model_type",
        metavar="TYPE",
        help="only models of this type: " + ", ".join(t.value for t in ModelType),
    )
    ck.add_argument(
        "--concurrency",
        type=int,
        default=2,
        metavar="N",
        help="checks in flight at once per provider (default: %(default)s)",
    )
    ck.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="deadline of each check (default: %(default)s)",
    )

    df = sub.add_parser("defaults", help="show or set the default model per type")
    df_sub = df.add_subparsers(dest="action", metavar="ACTION", required=True)
    df_sub.add_parser("show", help="show the default model of each type")
    ds = df_sub.add_parser("set", help="set the default model of a type")
    ds.add_argument("model_type", metavar="TYPE")
    ds.add_argument("provider")
    ds.add_argument("model")
    df_sub.add_parser("clear", help="clear the default of a type").add_argument(
        "model_type", metavar="TYPE"
    )

    bk = sub.add_parser("backup", help="copy the SQLite database (online, safe while in use)")
    bk.add_argument("path", help="where to write the copy (ciphertext only; keep the key too)")
    bk.add_argument("--force", action="store_true", help="replace a file that is already there")
    rs = sub.add_parser(
        "restore",
        help="replace the SQLite database with a backup (checked first; the current one is "
        "kept as a timestamped copy)",
    )
    rs.add_argument("path", help="the backup file")
    rs.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    ks = sub.add_parser("keys", help="encryption key status and rotation")
    ks_sub = ks.add_subparsers(dest="action", metavar="ACTION", required=True)
    ks_sub.add_parser("show", help="show the key id and where the key lives (never the key)")
    rot = ks_sub.add_parser("rotate", help="re-encrypt every config under the current key")
    rot.add_argument("--dry-run", action="store_true", help="count, change nothing")
    rot.add_argument(
        "--generate",
        action="store_true",
        help="generate a new key first (only for a key ModelHub stores itself)",
    )
    return parser


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Parse the command line (exits 2 on usage errors, 0 on --help/--version)."""
    return build_parser().parse_args(argv)


def run(
    args: argparse.Namespace,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run one command; returns the exit status."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    cli = _Cli(args, stdin or sys.stdin, out, err)
    try:
        return asyncio.run(cli.main())
    except UsageError as exc:
        print(f"modelhub: usage error: {exc}", file=err)
        return EXIT_USAGE
    except ModelHubError as exc:
        log.warning("%s %s failed: %s", args.command, getattr(args, "action", ""), exc.message)
        print(f"modelhub: error: {exc}", file=err)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("modelhub: interrupted", file=err)
        return 130


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


class _Cli:
    def __init__(
        self, args: argparse.Namespace, stdin: TextIO, out: TextIO, err: TextIO | None = None
    ) -> None:
        self.args = args
        self.stdin = stdin
        self.out = out
        self.err = err or sys.stderr
        self.services: Services | None = None

    async def main(self) -> int:
        # Imported here: the window's start goes through parse_args too, and must not pay
        # for the storage stack before it is shown.
        from modelhub.services.bootstrap import open_services

        handler = self._handlers().get((self.args.command, getattr(self.args, "action", None)))
        if handler is None:  # pragma: no cover - argparse makes every action required
            raise UsageError(f"unknown command {self.args.command} {self.args.action}")
        services = open_services(db=self.args.db, env_file=self.args.env_file)
        self.services = services
        try:
            for notice in services.notices:
                print(f"modelhub: {notice}", file=sys.stderr)
            return await handler()
        finally:
            await services.aclose()

    def _handlers(self) -> Mapping[tuple[str, str | None], Callable[[], Awaitable[int]]]:
        return {
            ("workspaces", "list"): self.workspaces_list,
            ("workspaces", "create"): self.workspaces_create,
            ("workspaces", "rename"): self.workspaces_rename,
            ("workspaces", "delete"): self.workspaces_delete,
            ("providers", "list"): self.providers_list,
            ("providers", "catalog"): self.providers_catalog,
            ("providers", "validate"): self.providers_validate,
            ("providers", "save"): self.providers_save,
            ("providers", "test"): self.providers_test,
            ("providers", "delete"): self.providers_delete,
            ("models", "list"): self.models_list,
            ("models", "refresh"): self.models_refresh,
            ("models", "enable"): self.models_enable,
            ("models", "disable"): self.models_disable,
            ("models", "add"): self.models_add,
            ("models", "remove"): self.models_remove,
            ("check", None): self.check,
            ("defaults", "show"): self.defaults_show,
            ("defaults", "set"): self.defaults_set,
            ("defaults", "clear"): self.defaults_clear,
            ("backup", None): self.backup,
            ("restore", None): self.restore,
            ("keys", "show"): self.keys_show,
            ("keys", "rotate"): self.keys_rotate,
        }

    # -- helpers --------------------------------------------------------------------------

    @property
    def s(self) -> Services:
        assert self.services is not None
        return self.services

    async def tenant(self) -> str:
        return (await self.s.workspaces.get_by_name(self.args.workspace)).id

    def emit(self, data: Any, text: str | None = None, *, failed: bool = False) -> None:
        """Print the result: JSON on stdout with ``--json``; else the text, on stdout for a
        result and on stderr for a failure (stdout stays for results)."""
        if self.args.json:
            print(json.dumps(data, indent=2, ensure_ascii=False), file=self.out)
        elif text is not None:
            print(text, file=self.err if failed else self.out)

    def read_config(self, info: ProviderInfo) -> dict[str, Any]:
        """The config to validate or save: JSON from stdin with ``--config -``, else each
        secret field the provider declares, asked for without echo."""
        if self.args.config is not None:
            if self.args.config != "-":
                raise UsageError(
                    "--config takes '-' (read JSON from standard input); "
                    "keys are never taken from the command line"
                )
            return parse_config_json(self._read_stdin(1024 * 1024 * 16))
        secrets = [f for f in info.fields if f.secret and f.kind == "secret"]
        if not secrets:
            return {}
        if not self.stdin.isatty():
            raise UsageError(
                "no terminal to ask for the key: pass the config JSON on "
                "standard input with --config -"
            )
        config: dict[str, Any] = {}
        for spec in secrets:
            optional = "" if spec.required else ", optional"
            value = getpass.getpass(f"{info.label} {spec.label} (input hidden{optional}): ")
            if value.strip():
                config[spec.name] = value
        return config

    def _read_stdin(self, limit: int) -> bytes | str:
        """Standard input as bytes when it has them (decoded strictly by the JSON parser),
        so bytes that are not UTF-8 are one clear message, whatever the locale."""
        buffer = getattr(self.stdin, "buffer", None)
        if buffer is not None:
            data: bytes = buffer.read(limit)
            return data
        try:
            return self.stdin.read(limit)
        except UnicodeDecodeError:
            raise InvalidInputError(
                "The config is not valid UTF-8 text.", "Save the JSON as UTF-8 and pass it again."
            ) from None

    # -- workspaces -----------------------------------------------------------------------

    async def workspaces_list(self) -> int:
        items = await self.s.workspaces.list()
        self.emit(
            [{"id": w.id, "name": w.name, "createdAt": _iso(w.created_at)} for w in items],
            "\n".join(w.name for w in items),
        )
        return EXIT_OK

    async def workspaces_create(self) -> int:
        ws = await self.s.workspaces.create(self.args.name)
        self.emit({"id": ws.id, "name": ws.name}, f"Created workspace {ws.name!r}.")
        return EXIT_OK

    async def workspaces_rename(self) -> int:
        ws = await self.s.workspaces.get_by_name(self.args.old)
        renamed = await self.s.workspaces.rename(ws.id, self.args.new)
        self.emit(
            {"id": renamed.id, "name": renamed.name},
            f"Renamed workspace {ws.name!r} to {renamed.name!r}.",
        )
        return EXIT_OK

    async def workspaces_delete(self) -> int:
        ws = await self.s.workspaces.get_by_name(self.args.name)
        configs, defaults = await self.s.workspaces.summary(ws.id)
        if not self.args.yes and self.stdin.isatty():
            answer = input(
                f"Delete workspace {ws.name!r} with {configs} provider config(s) "
                f"and {defaults} default model(s)? Type the name to confirm: "
            )
            if answer.strip() != ws.name:
                raise ModelHubError("Not deleted: the name did not match.")
        await self.s.workspaces.delete(ws.id)
        self.emit(
            {"deleted": ws.name, "providerConfigs": configs, "defaults": defaults},
            f"Deleted workspace {ws.name!r} ({configs} provider config(s), {defaults} default(s)).",
        )
        return EXIT_OK

    # -- providers ------------------------------------------------------------------------

    async def providers_list(self) -> int:
        states = await self.s.providers.list_providers(await self.tenant())
        lines = []
        for st in states:
            if not st.configured:
                status = "not configured"
            elif st.decrypt_error:
                status = st.decrypt_error
            else:
                status = st.status.label if st.status else ("valid" if st.is_valid else "invalid")
            key = f"  {st.masked_key}" if st.masked_key else ""
            count = f"  {len(st.models)} models" if st.models else ""
            money = f"  {_balance_text(st.balance)}" if st.balance else ""
            low = "  (low balance)" if st.balance_low else ""
            lines.append(f"{st.info.label:<16} {status}{key}{count}{money}{low}")
        self.emit([_provider_json(st) for st in states], "\n".join(lines))
        return EXIT_OK

    async def providers_catalog(self) -> int:
        infos = list(self.s.providers.infos())
        states = await self.s.providers.list_providers(await self.tenant())
        infos += [st.info for st in states if st.info.is_custom]
        data = [
            {
                "provider": i.name,
                "label": i.label,
                "types": [t.value for t in i.model_types],
                "family": i.family,
                "source": i.source,
            }
            for i in infos
        ]
        width = max((len(i.name) for i in infos), default=10)
        lines = [
            f"{i.name:<{width}}  {i.label:<16} {i.source:<8} "
            + ", ".join(t.short_label for t in i.model_types)
            for i in infos
        ]
        # Broken presets are already reported (once) with the start-up notices.
        self.emit(data, "\n".join(lines))
        return EXIT_OK

    async def providers_validate(self) -> int:
        info = self.s.providers.info(self.args.provider)
        config = self.read_config(info)
        result = await self.s.providers.validate(await self.tenant(), info.name, config)
        text = _validation_text(info.label, result)
        self.emit(_validation_json(result), text, failed=not result.valid)
        return EXIT_OK if result.valid else EXIT_FAILED

    async def providers_save(self) -> int:
        config = self.read_config(self.s.providers.info(self.args.provider))
        info = self.s.providers.info(self.args.provider, config)
        outcome = await self.s.providers.save(
            await self.tenant(), info.name, config, save_if_unreachable=self.args.save_anyway
        )
        data = {"saved": outcome.saved, **_validation_json(outcome.validation)}
        text = _validation_text(info.label, outcome.validation)
        if outcome.saved:
            text += f"\nSaved {info.label} config (encrypted)."
        elif outcome.validation.status.inconclusive:
            text += "\nNot saved. Use --save-anyway to store it as not valid."
        else:
            text += "\nNot saved."
        if outcome.catalog is not None:
            data["catalog"] = _diff_json(outcome.catalog)
            text += "\n" + _diff_text(info.label, outcome.catalog)
        self.emit(data, text, failed=not outcome.saved)
        return EXIT_OK if outcome.saved else EXIT_FAILED

    async def providers_test(self) -> int:
        info = self.s.providers.info(self.args.provider)
        result = await self.s.providers.test_stored(await self.tenant(), info.name)
        text = _validation_text(info.label, result)
        self.emit(_validation_json(result), text, failed=not result.valid)
        return EXIT_OK if result.valid else EXIT_FAILED

    async def providers_delete(self) -> int:
        info = self.s.providers.info(self.args.provider)
        outcome = await self.s.providers.delete(await self.tenant(), info.name)
        cleared = [t.value for t in outcome.cleared_defaults]
        text = f"Removed {info.label} config."
        if cleared:
            text += " Cleared defaults: " + ", ".join(t.label for t in outcome.cleared_defaults)
        self.emit({"deleted": info.name, "clearedDefaults": cleared}, text)
        return EXIT_OK

    # -- models ---------------------------------------------------------------------------

    async def models_list(self) -> int:
        grouped = await self.s.models.list_models(
            await self.tenant(),
            self.args.model_type,
            self.args.provider,
            enabled_only=self.args.enabled_only,
        )
        data = {t.value: [_model_json(m) for m in models] for t, models in grouped.items()}
        lines = []
        for mtype, models in grouped.items():
            lines.append(f"{mtype.label} ({len(models)})")
            lines.extend(f"  {m.provider}: {m.model}{_model_marks(m)}" for m in models)
        self.emit(data, "\n".join(lines))
        return EXIT_OK

    async def models_enable(self) -> int:
        return await self._set_enabled(True)

    async def models_disable(self) -> int:
        return await self._set_enabled(False)

    async def _set_enabled(self, enabled: bool) -> int:
        info = self.s.providers.info(self.args.provider)
        count = await self.s.models.set_enabled(
            await self.tenant(), info.name, self.args.models, enabled
        )
        verb = "Enabled" if enabled else "Disabled"
        noun = "model" if count == 1 else "models"
        self.emit(
            {"provider": info.name, "models": list(self.args.models), "enabled": enabled},
            f"{verb} {count} {info.label} {noun}.",
        )
        return EXIT_OK

    async def models_add(self) -> int:
        info = self.s.providers.info(self.args.provider)
        model = await self.s.models.add_model(
            await self.tenant(),
            info.name,
            self.args.model,
            self.args.model_type,
            self.args.capabilities,
            context_length=self.args.context_length,
            max_output_tokens=self.args.max_output_tokens,
        )
        self.emit(
            _model_json(model),
            f"Added {model.model} to {info.label} as {model.model_type.label} (by hand; kept "
            "on refresh).",
        )
        return EXIT_OK

    async def models_remove(self) -> int:
        info = self.s.providers.info(self.args.provider)
        await self.s.models.remove_model(await self.tenant(), info.name, self.args.model)
        self.emit(
            {"provider": info.name, "removed": self.args.model},
            f"Removed {self.args.model} from {info.label}.",
        )
        return EXIT_OK

    # -- health checks --------------------------------------------------------------------

    async def check(self) -> int:
        if self.args.model and not self.args.provider:
            raise UsageError("--model needs --provider")
        if self.args.concurrency < 1 or self.args.concurrency > 16:
            raise UsageError("--concurrency takes 1 to 16")
        if not 0 < self.args.timeout <= 600:
            raise UsageError("--timeout takes more than 0 and at most 600 seconds")
        tenant = await self.tenant()
        provider = self.s.providers.info(self.args.provider).name if self.args.provider else None
        targets = await self.s.health.targets(
            tenant,
            defaults=self.args.defaults,
            provider=provider,
            model=self.args.model,
            model_type=self.args.model_type,
        )
        if not targets:
            what = "default model is set" if self.args.defaults else "enabled model matches"
            self.emit([], f"Nothing to check: no {what}.")
            return EXIT_OK

        def printed(check: HealthCheck) -> None:
            if not self.args.json:
                print(_check_text(check), file=self.out, flush=True)

        results = await self.s.health.run(
            tenant,
            targets,
            on_result=printed,
            per_provider=self.args.concurrency,
            timeout=self.args.timeout,
        )
        if self.args.json:
            self.emit([c.as_json() for c in results])
        else:
            failed = sum(1 for c in results if not c.ok)
            total = len(results)
            summary = f"{total - failed} of {total} passed" + (
                f", {failed} failed." if failed else "."
            )
            print(summary, file=self.out)
        return EXIT_OK if all(c.ok for c in results) else EXIT_FAILED

    async def models_refresh(self) -> int:
        tenant = await self.tenant()
        if self.args.provider:
            info = self.s.providers.info(self.args.provider)
            diff = await self.s.providers.refresh_models(tenant, info.name)
            self.emit([_diff_json(diff)], _diff_text(info.label, diff))
            return EXIT_FAILED if diff.error else EXIT_OK
        outcomes = await self.s.providers.refresh_all(tenant)
        data, lines, failed = [], [], False
        for oc in outcomes:
            label = self.s.providers.info(oc.provider).label
            entry: dict[str, Any] = {"provider": oc.provider, **_validation_json(oc.validation)}
            lines.append(_validation_text(label, oc.validation))
            if oc.catalog is not None:
                entry["catalog"] = _diff_json(oc.catalog)
                lines.append(_diff_text(label, oc.catalog))
                failed |= oc.catalog.error is not None
            failed |= not oc.validation.valid
            data.append(entry)
        if not outcomes:
            lines.append("No provider is configured in this workspace.")
        self.emit(data, "\n".join(lines))
        return EXIT_FAILED if failed else EXIT_OK

    # -- defaults -------------------------------------------------------------------------

    async def defaults_show(self) -> int:
        defaults = await self.s.models.get_defaults(await self.tenant())
        data = {t.value: _default_json(d) for t, d in defaults.items()}
        lines = []
        for mtype, d in defaults.items():
            if d is None:
                lines.append(f"{mtype.label:<15} (not set)")
            else:
                flag = f"  ! {d.problem}" if d.problem else ""
                if d.unchecked:
                    flag = "  (not checked yet: its model list was never fetched)"
                lines.append(f"{mtype.label:<15} {d.provider}: {d.model}{flag}")
        self.emit(data, "\n".join(lines))
        return EXIT_OK

    async def defaults_set(self) -> int:
        d = await self.s.models.set_default(
            await self.tenant(), self.args.model_type, self.args.provider, self.args.model
        )
        self.emit(
            {d.model_type.value: _default_json(d)},
            f"Default {d.model_type.label} model: {d.provider}: {d.model}.",
        )
        return EXIT_OK

    async def defaults_clear(self) -> int:
        cleared = await self.s.models.clear_default(await self.tenant(), self.args.model_type)
        self.emit({"cleared": cleared}, "Cleared." if cleared else "No default was set.")
        return EXIT_OK

    # -- backup ---------------------------------------------------------------------------

    async def restore(self) -> int:
        plan = await self.s.inspect_backup(self.args.path)
        what = (
            f"{plan.path} holds {plan.workspaces} workspace(s) and {plan.configs} provider "
            "config(s), all readable with the current key."
        )
        if not self.args.yes:
            if not self.stdin.isatty():
                raise UsageError(
                    "restore replaces the whole database: confirm with --yes when there is no "
                    "terminal to ask"
                )
            print(what, file=sys.stderr)
            answer = input(
                "Replace the current database with it? The current one is kept as a copy. "
                "Type 'restore' to go on: "
            )
            if answer.strip().lower() != "restore":
                raise ModelHubError("Not restored: the answer was not 'restore'.")
        kept = await self.s.restore(plan)
        self.emit(
            {
                "restored": str(plan.path),
                "workspaces": plan.workspaces,
                "providerConfigs": plan.configs,
                "previousCopy": str(kept),
            },
            f"Restored the database from {plan.path}.\nThe database as it was is kept at {kept}.",
        )
        return EXIT_OK

    async def backup(self) -> int:
        dest = await self.s.backup(self.args.path, overwrite=self.args.force)
        self.emit(
            {"backup": str(dest), "kid": self.s.key_material.kid},
            f"Backed up the database to {dest}.\nIt holds encrypted configs only: keep the key "
            f"(id {self.s.key_material.kid}, in {self.s.key_material.location}) as well.",
        )
        return EXIT_OK

    # -- keys -----------------------------------------------------------------------------

    async def keys_show(self) -> int:
        material = self.s.key_material
        self.emit(
            {
                "kid": material.kid,
                "previousKids": list(material.kids[1:]),
                "source": material.source,
                "location": material.location,
            },
            f"Current key id: {material.kid}\nKept in: {material.location}\n"
            f"Previous key ids: {', '.join(material.kids[1:]) or 'none'}",
        )
        return EXIT_OK

    async def keys_rotate(self) -> int:
        if self.args.generate:
            report = await self.s.rotate_to_new_key(dry_run=self.args.dry_run)
        else:
            report = await self.s.keys.rotate(dry_run=self.args.dry_run)
        verb = "Would re-encrypt" if report.dry_run else "Re-encrypted"
        self.emit(
            {
                "total": report.total,
                "reencrypted": report.reencrypted,
                "alreadyCurrent": report.already_current,
                "dryRun": report.dry_run,
                "kid": report.current_kid,
            },
            f"{verb} {report.reencrypted} of {report.total} config(s) under key "
            f"{report.current_kid}; {report.already_current} already current.",
        )
        return EXIT_OK


def _provider_json(st: ProviderState) -> dict[str, Any]:
    return {
        "provider": st.provider,
        "label": st.info.label,
        "configured": st.configured,
        "isValid": st.is_valid,
        "lastValidatedAt": _iso(st.last_validated_at),
        "maskedKey": st.masked_key,
        # An undecryptable row has a status of its own, never the last check's "valid".
        "status": "cannot_decrypt"
        if st.decrypt_error
        else (st.status.value if st.status else None),
        "statusMessage": st.status_message,
        "error": st.decrypt_error,
        "modelTypes": [t.value for t in st.info.model_types],
        "source": st.info.source,
        "balance": st.balance.as_json() if st.balance else None,
        "balanceLow": st.balance_low,
        "models": [_model_json(m) for m in st.models],
    }


def _model_json(m: CatalogModel) -> dict[str, Any]:
    check = m.last_check
    return {
        "provider": m.provider,
        "model": m.model,
        "type": m.model_type.value,
        "name": m.name,
        "enabled": m.enabled,
        "custom": m.custom,
        "capabilities": [c.value for c in m.capabilities],
        "contextLength": m.context_length,
        "maxOutputTokens": m.max_output_tokens,
        "pricing": m.price.as_json() if m.price else None,
        "lastCheck": (
            {"ok": check.ok, "latencyMs": check.latency_ms, "at": check.at.isoformat()}
            if check
            else None
        ),
    }


def _model_marks(m: CatalogModel) -> str:
    marks = []
    if not m.enabled:
        marks.append("disabled")
    if m.custom:
        marks.append("added by hand")
    if m.capabilities:
        marks.append(", ".join(c.label.lower() for c in m.capabilities))
    if m.last_check is not None:
        marks.append(
            f"last check ok, {m.last_check.latency_ms} ms"
            if m.last_check.ok
            else "last check failed"
        )
    return f"  [{'; '.join(marks)}]" if marks else ""


def _money(value: float | None, currency: str | None) -> str:
    if value is None:
        return "?"
    symbol = {"USD": "$", "CNY": "¥", "EUR": "€"}.get(currency or "")
    return f"{symbol}{value:,.2f}" if symbol else f"{value:,.2f} {currency or ''}".strip()


def _balance_text(b: Balance) -> str:
    if b.kind is BalanceKind.CASH:
        return f"balance {_money(b.amount, b.currency)}"
    if b.kind is BalanceKind.KEY_LIMIT:
        used = f", {_money(b.usage, b.currency)} used" if b.usage is not None else ""
        if b.limit is None:
            return f"no limit set{used}"
        return f"{_money(b.amount, b.currency)} left of {_money(b.limit, b.currency)}{used}"
    if b.kind is BalanceKind.USAGE_ONLY:
        return f"{_money(b.usage, b.currency)} used"
    return "balance not reported"


def _check_text(c: HealthCheck) -> str:
    head = f"{c.provider}: {c.model} ({c.model_type.label})"
    if c.ok:
        first = f"first byte {c.first_byte_ms} ms, " if c.first_byte_ms is not None else ""
        detail = f"; {c.detail}" if c.detail else ""
        return f"ok    {head}  {first}total {c.total_ms} ms{detail}"
    return f"FAIL  {head}  {c.error or c.status.label}"


def _default_json(d: DefaultModel | None) -> dict[str, Any] | None:
    if d is None:
        return None
    data: dict[str, Any] = {"provider": d.provider, "model": d.model}
    if d.problem:
        data["problem"] = d.problem
    if d.unchecked:
        data["checked"] = False
    return data


def _validation_json(r: ValidationResult) -> dict[str, Any]:
    data: dict[str, Any] = {"valid": r.valid, "status": r.status.value, "hint": r.hint}
    if not r.valid:
        data["error"] = r.message
    else:
        data["message"] = r.message
    if r.details:
        data["details"] = dict(r.details)
    return data


def _validation_text(label: str, r: ValidationResult) -> str:
    text = f"{label}: {r.status.label}. {r.message}"
    return f"{text}\n  Hint: {r.hint}" if r.hint else text


def _diff_json(d: CatalogDiff) -> dict[str, Any]:
    return {
        "provider": d.provider,
        "added": list(d.added),
        "removed": list(d.removed),
        "removedDefaults": [t.value for t in d.removed_defaults],
        "total": d.total,
        "error": d.error,
    }


def _diff_text(label: str, d: CatalogDiff) -> str:
    if d.error:
        return f"{label}: model refresh failed: {d.error} (the previous list is kept)"
    text = f"{label}: {d.total} models (+{len(d.added)}, -{len(d.removed)})"
    if d.removed_defaults:
        kinds = ", ".join(t.label for t in d.removed_defaults)
        text += f"; warning: the default {kinds} model was removed by the provider"
    return text
