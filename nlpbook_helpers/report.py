"""What the learner reads about a run: how many examples and where validation comes from, the final scores, a QA table."""
import html
from pathlib import Path

from .corpora import get_corpus

SCORE_NAMES = {  # logged name -> what the learner reads, in this order
    "val_loss": "손실", "val_acc": "정확도", "val_f1": "F1", "val_precision": "정밀도", "val_recall": "재현율",
    "val_em": "EM(정확 일치)", "val_ppl": "퍼플렉서티",
}


def validation_source(args):
    """Where the validation examples come from, in words.

    >>> validation_source(args)   # doctest: +SKIP
    '학습 파일에서 떼어 냄'
    """
    data = getattr(args, "custom_data", None)
    if data is not None:
        return f"검증 파일 {Path(data.val_file).name}" if data.val_file else "학습 파일에서 떼어 냄"
    files = getattr(get_corpus(args.downstream_corpus_name), "FILES", {}).get("val")
    names = [files] if isinstance(files, str) else list(files or [])
    return f"{args.downstream_corpus_name}의 {', '.join(names)}" if names else args.downstream_corpus_name


def data_summary(args, train_examples, val_examples):
    """``학습 N개, 검증 M개(출처)``: what the reading cell prints.

    >>> data_summary(args, train_examples, val_examples)   # doctest: +SKIP
    '학습 1,080개, 검증 120개(학습 파일에서 떼어 냄)'
    """
    return f"학습 {len(train_examples):,}개, 검증 {len(val_examples):,}개({validation_source(args)})"


def _number(value):
    return f"{value:.1f}" if abs(value) >= 10 else f"{value:.3f}"


def score_summary(trainer):
    """The last validation's scores as one Korean sentence, read from ``trainer.callback_metrics``.

    >>> print(score_summary(trainer))   # doctest: +SKIP
    3에폭 뒤 마지막 검증: 손실 0.231, 정확도 0.950, F1 0.948.
    """
    metrics = {name: float(value) for name, value in trainer.callback_metrics.items() if name in SCORE_NAMES}
    if not metrics:
        return ("이번 실행에서는 검증하지 않았습니다: 모델 폴더의 체크포인트가 이미 학습을 마쳤습니다(max_epochs). 더 "
                "학습하려면 epochs를 늘리고, 처음부터 하려면 모델 폴더의 체크포인트를 지우세요. 지난 점수는 아래 학습 "
                "곡선에 있습니다.")
    scores = ", ".join(f"{label} {_number(metrics[name])}" for name, label in SCORE_NAMES.items() if name in metrics)
    return f"{trainer.current_epoch}에폭 뒤 마지막 검증: {scores}."


def prediction_table(examples, predictions):
    """A table of questions with their gold answers, the predicted answer, and its EM and F1 (shown in a notebook).

    >>> prediction_table(val_examples[:10], predictions)   # doctest: +SKIP
    """
    from IPython.display import HTML

    from .qa import exact_match_score, f1_score
    from .widgets.common import CELL_STYLE  # cells padded in the classic Notebook too

    rows = []
    for example in examples:
        predicted = predictions[example.id]["text"]
        truths = [a.text for a in example.answers]
        em = max(exact_match_score(predicted, t) for t in truths)
        f1 = max(f1_score(predicted, t) for t in truths)
        color = "#dcfce7" if em else ("#fef9c3" if f1 else "#fee2e2")
        cells = [example.question, " / ".join(truths), predicted, str(int(em)), f"{f1:.2f}"]
        rows.append(f'<tr style="background:{color}">'
                    + "".join(f'<td style="{CELL_STYLE}">{html.escape(c)}</td>' for c in cells) + "</tr>")
    header = "".join(f'<th style="{CELL_STYLE}">{name}</th>' for name in ("질문", "정답", "예측", "EM", "F1"))
    return HTML(f'<table class="nlpbook-qa-table" style="font-size:90%;border-collapse:collapse"><tr>{header}</tr>'
                + "".join(rows) + "</table>")
