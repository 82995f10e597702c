"""The browser script: same results as the Python evaluator, and the entry page's skip
logic in a real browser (with a strict Content-Security-Policy)."""

from __future__ import annotations

import html
import json
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings

from kua.questionnaires import expressions as ex
from kua.questionnaires.loader import form_to_client_json, load_xlsform
from kua.questionnaires.spec import Field, FormSpec

from .helpers import REGISTRATION_FORM, REPO, YES_NO, small_form
from .strategies import envs, expressions

SCRIPT = REPO / "kua" / "questionnaires" / "static" / "kua" / "form-logic.js"


def _node() -> str | None:
    found = shutil.which("node") or shutil.which("nodejs")
    if found:
        return found
    try:
        import playwright

        bundled = Path(playwright.__file__).parent / "driver" / "node"
    except ImportError:
        return None
    return str(bundled) if bundled.exists() else None


def test_the_script_is_small_and_csp_safe() -> None:
    source = SCRIPT.read_text(encoding="utf-8")
    # Skip logic and the required-answer check; the page as a whole (HTML + CSS + JS) is held
    # to 105 KB in tests/interviews/test_entry_errors.py. (8500 until the script marked the
    # page as running it, for the "only if …" notes meant for pages without JavaScript.)
    assert len(source.encode("utf-8")) < 8600
    for forbidden in ("eval(", "new Function", "Function(", "innerHTML", "outerHTML", "document.write",
                      "setTimeout(\"", "setInterval(\"", "import("):  # fmt: skip
        assert forbidden not in source


# ---------------------------------------------------------------------------
# The same semantics as the Python evaluator (node runs the script's evaluator)

RUNNER = """
const logic = require(process.argv[2]);
require("readline").createInterface({ input: process.stdin }).on("line", (line) => {
  const { ast, env } = JSON.parse(line);
  let out;
  try {
    const v = logic.evaluate(ast, env);
    out = [typeof v, typeof v === "number" ? String(v) : v];
  } catch (e) {
    out = ["error", String(e)];
  }
  process.stdout.write(JSON.stringify(out) + "\\n");
});
"""


class NodeEvaluator:
    def __init__(self, node: str, runner: Path) -> None:
        self.process = subprocess.Popen(
            [node, str(runner), str(SCRIPT)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )

    def evaluate(self, compiled: object, env: ex.Env) -> list[Any]:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        payload = {
            "ast": compiled,
            "env": {
                "values": dict(env.values),
                "current": env.current,
                "today": env.today,
                "option": dict(env.option),
            },
        }
        self.process.stdin.write(json.dumps(payload) + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(timeout=10)


@pytest.fixture(scope="module")
def node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NodeEvaluator]:
    binary = _node()
    if binary is None:
        pytest.fail("no node to run the browser script's evaluator (Playwright's driver ships one)")
    runner = tmp_path_factory.mktemp("node") / "runner.js"
    runner.write_text(RUNNER, encoding="utf-8")
    evaluator = NodeEvaluator(binary, runner)
    yield evaluator
    evaluator.close()


def assert_same(python: ex.Value, javascript: list[Any]) -> None:
    kind, value = javascript
    expected_kind = {bool: "boolean", float: "number", str: "string"}[type(python)]
    assert kind == expected_kind, (python, javascript)
    assert ex.to_string(python) == (value if kind == "number" else ex.to_string(value)), (python, javascript)


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("${age} = 0", {"age": ""}),
        ("${age} < 18", {"age": ""}),
        ("${age} < 18", {"age": "17"}),
        ("'10' < '9'", {}),
        ("${d} <= today()", {"d": "2026-11-02"}),
        ("${d} >= date('2000-01-01')", {"d": "2026-11-02"}),
        ("${d} >= date('2000-01-01')", {"d": "1999-12-31"}),
        ("${d} >= date('2000-01-01')", {"d": ""}),
        ("count-selected(${p}) > 0", {"p": ["a", "b"]}),
        ("selected(${p}, 'b')", {"p": "a  b"}),
        ("concat(1 div 3, 1 div 0, 0 div 0, -0, 100000 * 100000 * 100000 * 100000 * 100000)", {}),
        ("concat(0.000001, 0.0000001, 123456789012345680000, 1 = 1)", {}),
        ("-7 mod 3 + 5 mod 0", {}),
        ("string-length('абв')", {}),
        ("regex(${u}, '^[A-Za-zА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]{2}$')", {"u": "Әй"}),
        ("(1 = 1) = 'x'", {}),
        ("${x} = ' 18 '", {"x": "18"}),
        ("${x} = 18", {"x": " 18 "}),
    ],
)
def test_browser_and_server_agree_on_the_contract_examples(
    node: NodeEvaluator, text: str, values: dict[str, ex.Answer]
) -> None:
    tree = ex.parse(text, context=ex.Context.CALCULATION)
    env = ex.Env(values=values, today="2026-11-20")
    assert_same(ex.evaluate(tree, env), node.evaluate(ex.to_json(tree), env))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expressions(current=True, column=True), envs())
def test_browser_and_server_agree_on_any_expression(node: NodeEvaluator, tree: ex.Expr, env: ex.Env) -> None:
    assert_same(ex.evaluate(tree, env), node.evaluate(ex.to_json(tree), env))


# ---------------------------------------------------------------------------
# The entry page in a real browser (DOM contract of the script's header)


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _choice_html(fld: Field, widget: str) -> str:
    parts: list[str] = []
    for choice in fld.choices:
        label = html.escape(choice.labels.get("en") or choice.name)
        filt = f" data-filter='{html.escape(urlencode(choice.extra))}'" if fld.choice_filter else ""
        value = html.escape(choice.name)
        if widget == "select":
            parts.append(f"<option value='{value}'{filt}>{label}</option>")
        else:
            kind = "radio" if fld.kind == "select_one" else "checkbox"
            parts.append(
                f"<label class='choice'{filt}><input type='{kind}' name='{fld.name}' value='{value}'>"
                f"{label}</label>"
            )
    if widget == "select":
        return f"<select name='{fld.name}'><option value=''></option>{''.join(parts)}</select>"
    return "".join(parts)


def _field_html(fld: Field) -> str:
    if fld.kind in ("calculate", "metadata"):
        return ""
    if fld.kind == "note":
        inner = "<p>note</p>"
    elif fld.kind.startswith("select"):
        widget = "select" if fld.kind == "select_one" and fld.choice_filter else "choices"
        inner = _choice_html(fld, widget)
    else:
        kind = {"integer": "number", "decimal": "number", "date": "date"}.get(fld.kind, "text")
        inner = f"<input type='{kind}' name='{fld.name}'>"
    return f"<div class='q' data-field='{fld.name}'>{inner}</div>"


def entry_page(spec: FormSpec) -> str:
    """A page that follows the DOM contract the way the entry template does."""
    logic = json.dumps(form_to_client_json(spec)).replace("</", "<\\/")
    body: list[str] = []
    open_sections: list[str] = []
    by_row = sorted(
        [(s.row, "s", s.name) for s in spec.sections] + [(f.row, "f", f.name) for f in spec.fields]
    )
    for _, what, name in by_row:
        if what == "s":
            section = spec.section(name)
            while open_sections and open_sections[-1] != section.parent:
                body.append("</fieldset>")
                open_sections.pop()
            body.append(f"<fieldset data-section='{name}'>")
            open_sections.append(name)
            continue
        fld = spec.field(name)
        while open_sections and open_sections[-1] != fld.section:
            body.append("</fieldset>")
            open_sections.pop()
        body.append(_field_html(fld))
    body.extend("</fieldset>" for _ in open_sections)
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>entry</title></head><body>"
        f"<form id='entry'><script type='application/json' id='kua-logic'>{logic}</script>"
        f"{''.join(body)}</form><script src='/static/kua/form-logic.js'></script></body></html>"
    )


CSP = "default-src 'none'; script-src 'self'; style-src 'self'"


def in_browser(scenario: Callable[[Any], None]) -> None:
    """Run ``scenario(browser)`` with Debian's chromium, in a thread of its own: Playwright's
    sync API refuses to start where another test's event loop is already running."""
    chromium = _chromium()
    if chromium is None:
        pytest.fail("Debian's chromium is missing: apt-get install chromium (.ci/run does this)")
    import playwright.sync_api as sync_api

    failures: list[BaseException] = []

    def run() -> None:
        try:
            with sync_api.sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
                try:
                    scenario(browser)
                finally:
                    browser.close()
        except BaseException as failure:  # handed to the test's thread below
            failures.append(failure)

    worker = threading.Thread(target=run, name="kua-forms-browser")
    worker.start()
    worker.join(timeout=300)
    assert not worker.is_alive(), "the browser scenario did not finish"
    if failures:
        raise failures[0]


def open_entry(browser: Any, spec: FormSpec) -> tuple[Any, list[str]]:
    page = browser.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    document = entry_page(spec)

    def serve(route: Any) -> None:
        if route.request.url.endswith("/form-logic.js"):
            route.fulfill(body=SCRIPT.read_text(encoding="utf-8"), content_type="text/javascript")
        else:
            route.fulfill(body=document, content_type="text/html", headers={"Content-Security-Policy": CSP})

    page.route("http://kua.test/**", serve)
    page.goto("http://kua.test/entry")
    return page, problems


def state(page: Any, selector: str) -> dict[str, bool]:
    return page.eval_on_selector(selector, "el => ({hidden: el.hidden, disabled: !!el.disabled})")


def submitted(page: Any) -> dict[str, list[str]]:
    pairs = page.evaluate("() => [...new FormData(document.getElementById('entry')).entries()]")
    out: dict[str, list[str]] = {}
    for name, value in pairs:
        out.setdefault(name, []).append(value)
    return out


@pytest.mark.e2e
def test_skip_logic_on_a_small_form() -> None:
    spec = small_form(
        ["select_one yes_no", "consent", "Consent?"],
        ["begin_group", "sec", "Section", "${consent} = 'yes'"],
        ["integer", "age", "Age"],
        ["note", "minor", "Minor", "${age} != '' and ${age} < 18"],
        ["select_one region", "region", "Region"],
        ["select_one district", "district", "District", "", "", "", "region = ${region}"],
        ["select_multiple colour", "colours", "Colours", "", "", "", "region = ${region}"],
        ["end_group"],
        ["calculate", "both", "", "", "", "", "", "concat(${consent}, ${region})"],
        ["text", "after", "After", "${both} = 'yesnorth'"],
        choices=[
            [*YES_NO[0], "region"],
            *YES_NO[1:],
            ["region", "north", "North", "Север"],
            ["region", "south", "South", "Юг"],
            ["district", "n1", "N1", "С1", "north"],
            ["district", "s1", "S1", "Ю1", "south"],
            ["colour", "red", "Red", "Красный", "north"],
            ["colour", "blue", "Blue", "Синий", "south"],
        ],
    )
    in_browser(lambda browser: _small_form_scenario(browser, spec))


def _small_form_scenario(browser: Any, spec: FormSpec) -> None:
    page, problems = open_entry(browser, spec)
    assert state(page, "fieldset[data-section='sec']") == {"hidden": True, "disabled": True}
    assert state(page, ".q[data-field='after']")["hidden"] is True

    page.check("input[name='consent'][value='yes']")
    assert state(page, "fieldset[data-section='sec']") == {"hidden": False, "disabled": False}
    assert state(page, ".q[data-field='minor']")["hidden"] is True
    page.fill("input[name='age']", "16")
    assert state(page, ".q[data-field='minor']")["hidden"] is False
    page.fill("input[name='age']", "30")
    assert state(page, ".q[data-field='minor']")["hidden"] is True

    page.check("input[name='region'][value='north']")
    assert state(page, "option[value='s1']") == {"hidden": True, "disabled": True}
    assert state(page, "option[value='n1']") == {"hidden": False, "disabled": False}
    assert state(page, "label.choice:has(input[value='blue'])")["hidden"] is True
    assert state(page, "input[name='colours'][value='blue']")["disabled"] is True
    page.select_option("select[name='district']", "n1")
    page.check("input[name='colours'][value='red']")
    assert state(page, ".q[data-field='after']") == {"hidden": False, "disabled": False}
    page.fill("input[name='after']", "shown")

    # another region: the selections that became invalid are cleared
    page.check("input[name='region'][value='south']")
    assert page.eval_on_selector("select[name='district']", "el => el.value") == ""
    assert page.is_checked("input[name='colours'][value='red']") is False
    assert state(page, ".q[data-field='after']")["hidden"] is True
    assert state(page, "input[name='after']")["disabled"] is True
    assert "after" not in submitted(page)

    # no consent: nothing in the section is submitted
    page.check("input[name='consent'][value='no']")
    data = submitted(page)
    assert data == {"consent": ["no"]}
    assert problems == []
    page.close()


@pytest.mark.e2e
def test_skip_logic_of_the_questionnaire() -> None:
    spec = load_xlsform(REGISTRATION_FORM)
    in_browser(lambda browser: _questionnaire_scenario(browser, spec))


def _questionnaire_scenario(browser: Any, spec: FormSpec) -> None:
    page, problems = open_entry(browser, spec)
    respondent = "fieldset[data-section='sec_respondent']"
    assert state(page, respondent)["hidden"] is True
    assert state(page, ".q[data-field='consent_missing']")["hidden"] is True
    page.check("input[name='consent_recorded'][value='no']")
    assert state(page, ".q[data-field='consent_missing']")["hidden"] is False
    page.check("input[name='consent_recorded'][value='yes']")
    assert state(page, respondent)["hidden"] is False
    assert state(page, "fieldset[data-section='sec_violations']")["hidden"] is False  # age empty
    assert state(page, "fieldset[data-section='sec_detention']")["hidden"] is True

    page.fill("input[name='age']", "17")
    assert state(page, "fieldset[data-section='sec_violations']")["hidden"] is True
    assert state(page, ".q[data-field='minor_referral']")["hidden"] is False
    page.fill("input[name='age']", "25")
    assert state(page, "fieldset[data-section='sec_violations']")["hidden"] is False

    page.check("input[name='residence_region'][value='zhetysu']")
    assert state(page, "select[name='residence_district'] option[value='taldykorgan']")["disabled"] is False
    assert state(page, "select[name='residence_district'] option[value='konaev']")["disabled"] is True
    page.select_option("select[name='residence_district']", "taldykorgan")
    page.check("input[name='residence_region'][value='almaty_region']")
    assert page.eval_on_selector("select[name='residence_district']", "el => el.value") == ""

    page.check("input[name='police_complained'][value='yes']")
    assert state(page, ".q[data-field='police_complaint_accepted']")["hidden"] is False
    page.check("input[name='police_complaint_accepted'][value='yes']")
    page.check("input[name='police_complained'][value='no']")
    assert state(page, ".q[data-field='police_complaint_accepted']")["hidden"] is True
    assert "police_complaint_accepted" not in submitted(page)

    page.check("input[name='rights_violated_6m'][value='yes']")
    page.check("input[name='police_violations'][value='extortion']")
    assert state(page, "fieldset[data-section='sec_detention']")["hidden"] is False
    assert problems == []
    page.close()
