"""The `elicit` command line: the same functions the UI calls, for scripts and other tools.

It runs over 300 lines because it is one Typer app: each command is a few lines over a use case, and all share its
options, its sign-in and its one way of turning an error into a message.
"""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml

from elicit.adapters import exports, store
from elicit.services import accounts, drafting, interviews, playbooks, teams
from elicit.core.access import Action, Actor
from elicit.core.assembly import RENDERERS
from elicit.adapters.config import get_settings
from elicit.core.errors import AccessDeniedError, AnswerError, ElicitError, InputFileError
from elicit.core.guides import GUIDES_DIR, builtin_guides, get_guide, validate_paths
from elicit.core.interview import ProbeRequest, Question, answer_text, normalize_answer
from elicit.core.linting import lint_report, lintable
from elicit.presenting import file_stem
from elicit.core.probing.heuristic import HeuristicProber
from elicit.services import Db

app = typer.Typer(help="Turn an expert's judgment into a documented mega-prompt.", no_args_is_help=True,
                  pretty_exceptions_enable=False)
guides_app = typer.Typer(help="List, validate and show interview guides.", no_args_is_help=True)
interview_app = typer.Typer(help="Run interviews headless and list stored ones.", no_args_is_help=True)
app.add_typer(guides_app, name="guides")
app.add_typer(interview_app, name="interview")

JsonFlag = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
OfflineFlag = Annotated[bool, typer.Option("--offline", help="Use the offline prober even when an LLM is configured.")]
MAX_INPUT_BYTES = 5 * 1024 * 1024


def _print_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


@contextmanager
def _friendly():
    """Errors a user can cause end as one clear line on stderr and exit code 1, never a traceback."""
    try:
        yield
    except ElicitError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None


def _read_text(path: Path) -> str:
    if str(path) == "-":
        return sys.stdin.read()
    if not path.is_file():
        raise InputFileError(f"{path}: no such file; check the path")
    if path.stat().st_size > MAX_INPUT_BYTES:
        raise InputFileError(f"{path}: the file is over {MAX_INPUT_BYTES // 1024 // 1024} MB; give a smaller one")
    try:
        # utf-8-sig: a byte-order mark (Windows editors add one) is an encoding marker, not text
        return path.read_text(encoding="utf-8-sig").replace("\x00", "")
    except UnicodeDecodeError:
        raise InputFileError(f"{path}: not UTF-8 text; save it as UTF-8 and try again") from None


# --- guides ---------------------------------------------------------------------------------------


@guides_app.command("list")
def guides_list(as_json: JsonFlag = False) -> None:
    """List the available interview guides."""
    with _friendly():
        guides = builtin_guides()
    rows = [{"id": g.id, "title": g.title, "domain": g.domain, "version": g.version, "minutes": g.minutes,
             "stages": len(g.stages), "questions": len(g.questions), "short_minutes": g.short_minutes,
             "short_questions": len(g.on_path("short")) if g.short_minutes else None} for g in guides.values()]
    if as_json:
        return _print_json(rows)
    for row in rows:
        short = f"; short path {row['short_questions']}, about {row['short_minutes']} min" if row["short_minutes"] else ""
        typer.echo(f"{row['id']:<20} {row['title']} ({row['questions']} questions, about {row['minutes']} min{short})")


@guides_app.command("validate")
def guides_validate(paths: Annotated[list[Path] | None, typer.Argument(help="Guide files; all built-in guides "
                                                                             "when none given.")] = None,
                    as_json: JsonFlag = False) -> None:
    """Check guide files; one message per problem, naming the file and the field, and exit 1 if any."""
    files = paths or sorted(GUIDES_DIR.glob("*.yaml"))
    report = validate_paths(files)
    if as_json:
        _print_json({str(path): {"valid": not problems, "problems": problems} for path, problems in report.items()})
    else:
        for path, problems in report.items():
            typer.echo(f"ok      {path}" if not problems else "\n".join(f"error   {p}" for p in problems),
                       err=bool(problems))
    if any(report.values()):
        raise typer.Exit(1)


@guides_app.command("show")
def guides_show(guide_id: str, as_json: JsonFlag = False) -> None:
    """Show one guide: its stages and questions."""
    with _friendly():
        guide = get_guide(guide_id)
    if as_json:
        return _print_json(guide.model_dump(mode="json"))
    typer.echo(f"{guide.title} (v{guide.version}, about {guide.minutes} min)\n{guide.description}")
    for n, stage in enumerate(guide.stages, 1):
        typer.echo(f"\nStage {n}: {stage.title}")
        for question in stage.questions:
            flag = "" if question.required else " (optional)"
            typer.echo(f"  {question.id} [{question.kind}]{flag}: {question.ask}")


# --- probe and lint ---------------------------------------------------------------------------------


@app.command()
def probe(guide: Annotated[str, typer.Option(help="Guide id.")],
          question: Annotated[str, typer.Option(help="Question id in that guide.")],
          answer: Annotated[str | None, typer.Option(help="The answer text.")] = None,
          answer_file: Annotated[Path | None, typer.Option(help="A file holding the answer ('-' for stdin).")] = None,
          offline: OfflineFlag = False, as_json: JsonFlag = False) -> None:
    """Probe one answer: the gaps it leaves and the follow-up question to ask."""
    with _friendly():
        if (answer is None) == (answer_file is None):
            raise AnswerError("give exactly one of --answer TEXT or --answer-file FILE")
        text = answer if answer is not None else _read_text(answer_file)
        q = _question(guide, question)
        step = _probe_one(q, text, offline)
        result = step.probe
    if as_json:
        return _print_json({**result.contract(), "source": step.source, **_notice(step.notice)})
    if step.notice:
        typer.echo(f"note: {step.notice}", err=True)
    typer.echo("satisfied" if result.satisfied else "\n".join(f"gap: {g.check} ({g.element}): {g.reason}"
                                                               for g in result.gaps))
    if result.follow_up:
        typer.echo(f"follow-up: {result.follow_up}")


def _question(guide_id: str, question_id: str) -> Question:
    guide = get_guide(guide_id)
    try:
        return guide.question(question_id)
    except KeyError:
        raise AnswerError(f"guide {guide_id!r} has no question {question_id!r}; "
                          f"see `elicit guides show {guide_id}`") from None


def _notice(notice: str | None) -> dict[str, str]:
    return {"notice": notice} if notice else {}


def _probe_one(question: Question, text: str, offline: bool) -> interviews.StepResult:
    """Probe with the configured prober (its calls logged in the database), falling back like the wizard."""
    request = ProbeRequest(question=question, answer=answer_text(question, normalize_answer(question, text)))
    prober = interviews.default_prober(offline=offline)
    if prober.name == HeuristicProber.name:
        return interviews.probe_once(None, prober, request)
    with store.session(store.open_database()) as db:
        return interviews.probe_once(db, prober, request)


@app.command("setup-code")
def setup_code() -> None:
    """Print a fresh first-start code for creating the owner (the running server takes it at once)."""
    settings = get_settings()
    with _friendly(), store.session(store.open_database()) as db:
        if not accounts.needs_owner(db=db):
            typer.echo("error: the owner account exists already; there is nothing to set up. Sign in instead, or "
                       "ask the owner to add you.", err=True)
            raise typer.Exit(1)
    if settings.setup_code and settings.setup_code.get_secret_value().strip():
        typer.echo("ELICIT_SETUP_CODE is set, so the server takes that code; unset it to use a fresh one.")
        return
    code = accounts.fresh_setup_code(settings.setup_code_file)
    typer.echo(f"Setup code: {code}\nEnter it on the app's setup page (/auth/setup); the one before it no longer "
               f"works. It is kept in {settings.setup_code_file}.")


@app.command()
def lint(file: Annotated[Path, typer.Argument(help="Any prompt file, ours or not ('-' for stdin).")],
         as_json: JsonFlag = False) -> None:
    """Find which of the ten elements a prompt has, with the evidence for each."""
    with _friendly():
        report = lint_report(lintable(_read_text(file), str(file)))
    if as_json:
        return _print_json(report)
    typer.echo(f"{report['words']} words, score {report['score']}/100")
    for element_id, finding in report["elements"].items():
        mark = "yes" if finding["present"] else "no "
        evidence = f"  \"{finding['evidence'][:70]}\"" if finding["evidence"] else ""
        if finding.get("hollow"):  # named, not found: its words are a hedge, a pointer or filler
            evidence = f"  hollow, a {finding['hollow']['kind']}: \"{finding['hollow']['evidence'][:60]}\""
        typer.echo(f"  {mark} {element_id:<21}{evidence}")


# --- interviews ----------------------------------------------------------------------------------------


def _load_answers(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(_read_text(path))
    except yaml.YAMLError as exc:
        raise InputFileError(f"{path}: not valid YAML: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(data, dict):
        raise InputFileError(f"{path}: expected a mapping of question id to answer")
    return {str(k): v for k, v in data.items()}


def _operator(db: Db) -> Actor | None:
    """Who runs the command: no one to check while working alone; in a team, the ELICIT_USER account."""
    if accounts.needs_owner(db=db):
        return None
    settings = get_settings()
    if not settings.user or settings.password is None:
        raise AccessDeniedError("this workspace has a team: set ELICIT_USER and ELICIT_PASSWORD to your account's "
                                "email and password")
    account = accounts.verify(db=db, email=settings.user, password=settings.password.get_secret_value())
    return accounts.actor_for(account)


def _check(db: Db, action: Action, interview_id: str | None = None) -> Actor | None:
    """Refuse the command unless the operator may do it (to this interview, when given)."""
    actor = _operator(db)
    if actor is not None:
        record = store.get_interview(db=db, interview_id=interview_id) if interview_id else None
        teams.require(actor, action, record)
    return actor


@interview_app.command("run")
def interview_run(guide: Annotated[str, typer.Option(help="Guide id.")],
                  answers: Annotated[Path, typer.Option(help="YAML mapping of question id to answer.")],
                  out: Annotated[Path | None, typer.Option(help="Write the prompt here (default: stdout).")] = None,
                  fmt: Annotated[str, typer.Option("--format", help="md, json or text.")] = "md",
                  expert: Annotated[str, typer.Option(help="The expert's name.")] = "",
                  topic: Annotated[str, typer.Option(help="What the prompt is about.")] = "",
                  path: Annotated[str, typer.Option(help="short (the questions that matter most) or full.")] = "full",
                  offline: OfflineFlag = False, as_json: JsonFlag = False) -> None:
    """Run a whole interview headless from an answers file, store it and write its mega-prompt."""
    with _friendly():
        if fmt not in RENDERERS:
            raise AnswerError(f"--format {fmt!r} is not known; use one of md, json, text")
        if path not in ("short", "full"):
            raise AnswerError(f"--path {path!r} is not known; use short or full")
        the_guide, given = get_guide(guide), _load_answers(answers)
        unknown = sorted(set(given) - {q.id for q in the_guide.questions})
        if unknown:
            raise AnswerError(f"{answers}: {', '.join(unknown)} not in guide {guide!r}; see `elicit guides show {guide}`")
        with store.session(store.open_database()) as db:
            actor = _check(db, Action.CREATE_INTERVIEW)
            interview, _token = interviews.start_interview(db=db, guide=the_guide, expert=expert, topic=topic,
                                                         path=path)
            if actor is not None:
                store.assign_interview(db=db, interview_id=interview.id, owner_id=actor.user_id, team_id=actor.team_id)
            sources, notices = interviews.answer_from(db, interview, given, interviews.default_prober(offline=offline))
            prompt, version = interviews.finish(db=db, interview=interview)
        rendered = RENDERERS[fmt](prompt)
        asked = {q.id for q in interview.visible_questions()}
        not_asked = [q.id for q in the_guide.questions if q.id in given and q.id not in asked]
    if out:
        out.write_text(rendered, encoding="utf-8")
    summary = {"interview_id": interview.id, "version": version, "percent_complete": interview.percent_complete(),
               "complete": interview.is_complete(), "open_questions": len(prompt.open_questions),
               "out": str(out) if out else None, "source": "llm" if sources == {"llm"} else "offline",
               "not_asked": not_asked, **_notice(notices[0] if notices else None)}
    if as_json:
        return _print_json(summary)
    if not out:
        typer.echo(rendered)
    if notices:
        typer.echo(f"note: {notices[0]} ({len(notices)} answers)", err=True)
    if not_asked:
        typer.echo(f"note: {', '.join(not_asked)} not asked on the {path} path (or hidden by an earlier answer), so "
                   f"not in the prompt{'; `--path full` asks every question' if path == 'short' else ''}", err=True)
    typer.echo(f"stored interview {interview.id} ({summary['percent_complete']}% answered, "
               f"{summary['open_questions']} open questions)", err=not out)


@interview_app.command("prefill")
def interview_prefill(interview_id: Annotated[str, typer.Argument(help="An id from `elicit interview list --json`.")],
                      file: Annotated[Path, typer.Argument(help="A transcript or document: .txt, .md or .docx.")],
                      as_json: JsonFlag = False) -> None:
    """Pre-fill an interview's unanswered questions from a document, as drafts the expert confirms (needs an LLM)."""
    with _friendly():
        text = drafting.read_document(file.name, _read_bytes(file, drafting.MAX_DOCUMENT_BYTES))
        client = drafting.client_or_none(get_settings())
        if client is None:
            raise AnswerError("pre-filling needs an LLM: set ELICIT_LLM_BASE_URL (or OPENAI_API_KEY) and "
                              "ELICIT_LLM_MODEL, then run it again")
        with store.session(store.open_database()) as db:
            _check(db, Action.ANSWER, interview_id)
            interview = interviews.load_interview(db=db, interview_id=interview_id)
            drafted = drafting.prefill(db=db, interview=interview, text=text, client=client)
    if as_json:
        return _print_json({"interview_id": interview_id, "drafted": drafted})
    typer.echo(f"drafted {len(drafted)} answers: {', '.join(drafted) or 'none'}; the expert confirms each in the "
               "interview" if drafted else "the document answers none of the open questions; nothing drafted")


def _read_bytes(path: Path, limit: int) -> bytes:
    if not path.is_file():
        raise InputFileError(f"{path}: no such file; check the path")
    if path.stat().st_size > limit:
        raise InputFileError(f"{path}: the file is over {limit // 1024 // 1024} MB; give the part that answers "
                          "the questions")
    return path.read_bytes()


@interview_app.command("list")
def interview_list(as_json: JsonFlag = False) -> None:
    """List the stored interviews, most recent activity first."""
    with _friendly(), store.session(store.open_database()) as db:
        actor = _operator(db)
        records = store.list_interviews(db=db) if actor is None else teams.library_for(db, actor, per_page=200)[0]
        rows = [_summary(db, record) for record in records]
    if as_json:
        return _print_json(rows)
    if not rows:
        typer.echo("No interviews yet. Start one in the app (make run) or with `elicit interview run`.")
    for row in rows:
        typer.echo(f"{row['id']}  {row['guide_id']:<18} {row['status']:<12} {row['percent_complete']:>3}%  "
                   f"{row['expert'] or '-'}: {row['topic'] or '-'}")


def _summary(db: Db, record) -> dict[str, Any]:
    interview = interviews.load_interview(db=db, interview_id=record.id)
    return {"id": record.id, "guide_id": record.guide_id, "guide_version": record.guide_version,
            "expert": record.expert, "topic": record.topic, "status": record.status,
            "percent_complete": interview.percent_complete(), "created_at": record.created_at.isoformat(),
            "updated_at": record.updated_at.isoformat()}


# --- export and import ------------------------------------------------------------------------------


def _export_bytes(fmt: str, prompt, data, out: Path | None, **options) -> bytes:
    """The chain comes as YAML when the output file says so."""
    if fmt == "chain" and out is not None and out.suffix in (".yaml", ".yml"):
        fmt = "chain-yaml"
    return exports.render(fmt, prompt, data, **options)


@app.command("export")
def export(interview_id: Annotated[str, typer.Argument(help="An id from `elicit interview list --json`.")],
           fmt: Annotated[str, typer.Option("--format", help=f"One of {', '.join(exports.FORMATS)}.")] = "md",
           out: Annotated[Path | None, typer.Option(help="Write here (default: stdout; a bundle or a skill goes to "
                                                         "<title>.zip).")] = None,
           style: Annotated[str, typer.Option(help=f"The chain's placeholders: {', '.join(exports.STYLES)}.")]
           = exports.DEFAULT_STYLE,
           provider: Annotated[str, typer.Option(help="promptfoo's provider, under test and grading.")]
           = exports.DEFAULT_PROVIDER,
           with_transcript: Annotated[bool, typer.Option("--transcript", help="JSON: carry the interview's "
                                                                              "transcript (import keeps it).")]
           = False) -> None:
    """Export an interview's latest saved prompt (or its draft) in any format."""
    with _friendly():
        if fmt not in exports.FORMATS:
            raise exports.UnknownFormatError(f"--format {fmt!r} is not known; use one of {', '.join(exports.FORMATS)}")
        with store.session(store.open_database()) as db:
            _check(db, Action.EXPORT, interview_id)
            prompt, data = playbooks.export_inputs(db=db, interview_id=interview_id)
        content = _export_bytes(fmt, prompt, data, out, style=style, provider=provider,
                                with_transcript=with_transcript)
        if fmt in ("bundle", "skill") and out is None:
            out = Path(exports.file_name(file_stem(prompt), fmt))
    if fmt in ("txt", "openai", "responses", "anthropic") and (
            warning := exports.length_warning(prompt, get_settings().max_instructions_chars)):
        typer.echo(f"note: {warning}", err=True)
    if out is None:
        typer.echo(content, nl=False)
        return
    out.write_bytes(content)
    typer.echo(f"wrote {out} ({exports.FORMATS[fmt].label}, {len(content):,} bytes)", err=True)


@app.command("import")
def import_(file: Annotated[Path, typer.Argument(help="A playbook exported with --format json ('-' for stdin).")],
            check: Annotated[bool, typer.Option("--check", help="Only validate; store nothing.")] = False,
            as_json: JsonFlag = False) -> None:
    """Import a playbook's JSON as a new finished interview (its version 1 is the file, unchanged)."""
    with _friendly():
        prompt, brought = playbooks.parse_document(_read_text(file), str(file))
        interview_id, version = None, None
        if not check:
            with store.session(store.open_database()) as db:
                actor = _check(db, Action.CREATE_INTERVIEW)
                interview_id, version = playbooks.import_playbook(db=db, prompt=prompt, transcript=brought, actor=actor)
    report = {"valid": True, "title": prompt.metadata.title, "statements": len(prompt.statements()),
              "interview_id": interview_id, "version": version}
    if as_json:
        return _print_json(report)
    what = f"stored as interview {interview_id}" if interview_id else "valid; nothing stored (--check)"
    typer.echo(f"{prompt.metadata.title}: {report['statements']} statements, {what}")


if __name__ == "__main__":
    app()
