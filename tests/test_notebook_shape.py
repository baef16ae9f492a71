"""What the notebooks promise a learner, read from their committed code (issue 20): the steps the book
teaches are code in the notebook, the Trainer cell fits on one screen, inference loads with
``from_pretrained`` in the open, and generation shows ``model.generate`` before its wrapper."""
import ast
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
TASKS = ["doc_classification", "pair_classification", "ner", "qa", "generation"]
TASK_MODULES = {"classification", "ner", "qa", "generation", "training", "checkpoints", "widgets"}


def cells(folder, name):
    notebook = json.loads((ROOT / "notebooks" / folder / name).read_text(encoding="utf-8"))
    return [(c["cell_type"], "".join(c["source"])) for c in notebook["cells"]]


def code_cells(folder, name):
    return [source for kind, source in cells(folder, name) if kind == "code"]


def code_lines(sources):
    return [line for source in sources for line in source.splitlines() if line.strip()]


@pytest.mark.parametrize("folder", TASKS)
def test_training_notebook_writes_its_data_loader_task_and_trainer(folder):
    code = code_cells(folder, "train.ipynb")
    loader = next(c for c in code if "DataLoader(" in c)
    for argument in ("batch_size=", "collate_fn=", "num_workers=", "sampler=LengthGroupedSampler(", "sampler=ShardSampler("):
        assert argument in loader, argument
    task = next(c for c in code if re.search(r"^class \w+\(Task\):", c, re.M))
    for method in ("configure_optimizers", "training_step", "validation_step", "on_validation_epoch_end"):
        assert f"def {method}(self" in task, method
    assert "torch.optim.AdamW(" in task and "get_linear_schedule_with_warmup(" in task
    trainer = next(c for c in code if "pl.Trainer(" in c)
    assert len(code_lines([trainer])) <= 12 and "drive_checkpoints(args, train_dataloader, monitor=" in trainer
    assert len(code_lines(code)) <= 150
    assert any("trainer.fit(task, train_dataloader, val_dataloader" in c for c in code)


@pytest.mark.parametrize("folder", TASKS)
def test_inference_notebook_loads_with_from_pretrained_in_the_open(folder):
    code = "\n".join(code_cells(folder, "inference.ipynb"))
    assert "load_for_inference" not in code
    assert re.search(r"^model = \w+\.from_pretrained\(model_path\)", code, re.M)
    assert re.search(r"^tokenizer = \w+(\.from_pretrained)?\(model_path\)", code, re.M)
    assert 'find_export(downstream_model_dir, "' in code


def test_generation_shows_model_generate_before_its_wrapper():
    code = code_cells("generation", "inference.ipynb")
    first_generate = next(i for i, c in enumerate(code) if re.search(r"model\.generate\(", c))
    first_wrapper = next(i for i, c in enumerate(code) if "Generator(" in c)
    assert first_generate < first_wrapper
    assert not any(re.search(r"\bGenerator\b", c) for c in code[:first_generate])


@pytest.mark.parametrize("folder", TASKS)
@pytest.mark.parametrize("name", ["train.ipynb", "inference.ipynb"])
def test_notebooks_speak_korean_and_name_no_test_machinery(folder, name):
    for kind, source in cells(folder, name):
        assert not re.search(r"NLPBOOK_QUICK|pytest|nbval|\bCI\b", source), (kind, source[:80])
        if kind != "code":
            continue
        for line in source.splitlines():
            comment = re.search(r"(?<![\"'])#(?!@)(.*)$", line)
            if comment and "Colab, Kaggle" not in comment.group(1):
                assert re.search(r"[가-힣]", comment.group(1)), f"{folder}/{name}: English comment {line.strip()!r}"


def test_no_corpus_module_imports_a_task_module():
    for path in sorted((ROOT / "nlpbook_helpers" / "corpora").rglob("*.py")):
        depth = len(path.relative_to(ROOT / "nlpbook_helpers").parts) - 1  # relative levels that stay in corpora/
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom):
                continue
            module = node.module or ""
            if node.level > depth:  # from the package root: from ..ner, from ...qa
                top = module.split(".")[0]
            elif node.level == 0 and module.startswith("nlpbook_helpers."):
                top = module.split(".")[1]
            else:
                continue
            names = {top} | ({a.name for a in node.names} if not top else set())  # "from .. import ner"
            assert not names & TASK_MODULES, f"{path.relative_to(ROOT)} imports {names & TASK_MODULES}"
