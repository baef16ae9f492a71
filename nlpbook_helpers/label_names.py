"""Korean names of the corpora's labels and entity types, and of the logged metrics, shown the same way in figures and demos."""

# KorNLI and KLUE-NLI.
NLI_NAMES = {"entailment": "함의", "neutral": "중립", "contradiction": "모순"}

# The entity types of KLUE-NER and of the book's corpus.
ENTITY_TYPE_NAMES = {
    "PS": "인물", "LC": "지명", "OG": "기관", "DT": "날짜", "TI": "시간", "QT": "수량",
    "PER": "인물", "LOC": "지명", "ORG": "기관", "DAT": "날짜", "TIM": "시간", "DUR": "기간",
    "MNY": "통화", "PNT": "비율", "NOH": "기타 수량", "POH": "기타",
}

# The metrics the training notebooks log, as the learning curve names them.
METRIC_NAMES = {
    "train_loss": "학습 손실", "val_loss": "검증 손실", "val_acc": "검증 정확도", "val_f1": "검증 F1",
    "val_em": "검증 EM", "val_ppl": "검증 퍼플렉서티", "val_precision": "검증 정밀도", "val_recall": "검증 재현율",
}


def shown_name(name, names=None):
    """``"함의 (entailment)"``, ``"인물 (PS)"``: the Korean name with the code; any other name as it is.

    >>> shown_name("entailment"), shown_name("PS"), shown_name("긍정")
    ('함의 (entailment)', '인물 (PS)', '긍정')
    """
    names = names if names is not None else {**NLI_NAMES, **ENTITY_TYPE_NAMES}
    name = str(name)
    return f"{names[name]} ({name})" if name in names else name
