"""The pre-commit hook, run by pre-commit itself on a repository of drafts.

pre-commit's `language: python` would build a virtualenv and pip-install tactful
for the hook (minutes, and a second copy of spaCy). The test keeps everything
else as pre-commit does it: the hook's definition is read from this repository's
`.pre-commit-hooks.yaml` (id, entry, files, types, require_serial), declared as a
`repo: local` hook that runs the tactful already installed (`language: system`),
installed as the git hook with `pre-commit install`, and exercised by `git commit`.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from test_service_server import Server, free_port, tactful_executable

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
pre_commit = pytest.importorskip("pre_commit", reason="pre-commit is not installed (it is in the test extra)")


def hook_definition() -> dict:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    [hook] = [h for h in hooks if h["id"] == "tactful"]
    return hook


@pytest.fixture()
def drafts_repo(tmp_path):
    """A git repository of drafts with the tactful hook installed, and a `commit(*files)` helper."""
    repo = tmp_path / "drafts"
    repo.mkdir()
    bin_dir = str(Path(tactful_executable()).parent)
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("TACTFUL_", "GIT_"))},
           "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""), "PRE_COMMIT_HOME": str(tmp_path / "cache"),
           "GIT_AUTHOR_NAME": "Drafts", "GIT_AUTHOR_EMAIL": "drafts@example.org",
           "GIT_COMMITTER_NAME": "Drafts", "GIT_COMMITTER_EMAIL": "drafts@example.org", "NO_COLOR": "1"}

    def git(*args: str) -> subprocess.CompletedProcess:
        """git, with the hook's output (on stderr) and git's own in `stdout`."""
        return subprocess.run(["git", *args], cwd=repo, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, timeout=300)

    def configure(args: list[str]) -> None:
        hook = {**hook_definition(), "language": "system", "args": args}
        (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump({"repos": [{"repo": "local", "hooks": [hook]}]}))
        git("add", ".pre-commit-config.yaml")

    assert git("init", "-q").returncode == 0
    configure(["--no-model"])
    installed = subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=repo, env=env,
                               capture_output=True, text=True, timeout=120)
    assert installed.returncode == 0, installed.stderr

    def commit(files: dict[str, str]) -> subprocess.CompletedProcess:
        for name, text in files.items():
            (repo / name).write_text(text)
            git("add", name)
        return git("commit", "-q", "-m", "drafts")

    commit.configure = configure  # type: ignore[attr-defined]
    commit.git = git  # type: ignore[attr-defined]
    return commit


def test_a_genuine_draft_commits(drafts_repo):
    result = drafts_repo({"thanks.md": (EXAMPLES / "genuine.txt").read_text()})
    assert result.returncode == 0, result.stdout
    assert "tactful" in result.stdout and "Passed" in result.stdout


def test_a_template_blast_is_refused_with_the_rule_named(drafts_repo):
    result = drafts_repo({"welcome.md": (EXAMPLES / "draft.txt").read_text(), "notes.py": "x = 1  # not a draft\n"})
    assert result.returncode == 1
    assert "Failed" in result.stdout and "boilerplate.unfilled-merge-field" in result.stdout
    assert "notes.py" not in result.stdout  # only draft files are passed to the hook
    assert "nothing added" not in result.stdout
    assert drafts_repo.git("log", "--oneline").returncode != 0  # no commit was made


def test_a_csv_calendar_and_a_queue_are_checked(drafts_repo):
    result = drafts_repo({"december.csv": (EXAMPLES / "calendar.csv").read_text(),
                          "queue.jsonl": (EXAMPLES / "queue.jsonl").read_text()})
    assert result.returncode == 1
    assert "december.csv:3 [c-102]: BLOCK" in result.stdout and "queue.jsonl:3: REVIEW" in result.stdout


def test_a_suppression_marker_lets_a_reviewed_draft_through(drafts_repo):
    draft = ("Last chance: the webinar closes Friday, so book your seat today!\n"
             "<!-- tactful: ignore hard_sell.deadline-nudge the webinar really closes Friday -->\n")
    assert drafts_repo({"webinar.md": draft}).returncode == 0


def test_the_hook_can_use_a_server(drafts_repo, tmp_path):
    port = free_port()
    server = Server([tactful_executable(), "serve", "--port", str(port)], port, tmp_path)
    try:
        drafts_repo.configure(["--server", server.url])
        result = drafts_repo({"welcome.md": (EXAMPLES / "draft.txt").read_text()})
    finally:
        server.stop()
    assert result.returncode == 1 and "boilerplate.unfilled-merge-field" in result.stdout


def test_the_example_config_names_the_hook_this_repository_defines():
    example = yaml.safe_load((EXAMPLES / "pre-commit-config.yaml").read_text())
    ids = {hook["id"] for repo in example["repos"] for hook in repo["hooks"]}
    assert ids == {hook_definition()["id"]}
    assert hook_definition()["require_serial"] is True
