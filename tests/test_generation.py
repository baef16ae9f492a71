"""Sentence generation: training text, label masking, perplexity, decoding controls, the demo."""
import json
import math
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F
from transformers import GPT2LMHeadModel

from nlpbook_helpers import InputError, read_corpus, read_examples
from nlpbook_helpers.data import PadCollator, build_dataset, make_dataloader
from nlpbook_helpers.generation import (
    Generator, check_controls, encode_generation, load_tokenizer, prefixed_text)


@pytest.fixture(scope="session")
def tiny_gpt2_path(_private_cache):
    from nlpbook_helpers.quick import tiny_gpt2

    return tiny_gpt2()


@pytest.fixture(scope="session")
def tokenizer(tiny_gpt2_path):
    return load_tokenizer(tiny_gpt2_path)


@pytest.fixture(scope="session")
def generator(tiny_gpt2_path, tokenizer):
    return Generator(GPT2LMHeadModel.from_pretrained(tiny_gpt2_path), tokenizer)


def test_tiny_gpt2_has_kogpt2_special_tokens(tokenizer, tiny_gpt2_path):
    assert (tokenizer.bos_token, tokenizer.eos_token, tokenizer.unk_token, tokenizer.pad_token, tokenizer.mask_token) \
        == ("</s>", "</s>", "<unk>", "<pad>", "<mask>")
    # The same ids as skt/kogpt2-base-v2: </s> = 1, <pad> = 3.
    assert (tokenizer.bos_token_id, tokenizer.eos_token_id, tokenizer.pad_token_id) == (1, 1, 3)
    assert tokenizer.convert_ids_to_tokens(range(7)) == ["<s>", "</s>", "<usr>", "<pad>", "<sys>", "<unk>", "<mask>"]
    text = "정말 재밌어요. 배우들 연기가 최고!"
    assert tokenizer.decode(tokenizer.encode(text, add_special_tokens=False)) == text
    config = GPT2LMHeadModel.from_pretrained(tiny_gpt2_path).config
    assert (config.n_embd, config.n_layer, config.n_head, config.n_positions) == (32, 2, 2, 128)
    assert config.vocab_size == len(tokenizer)


def test_tiny_gpt2_tokenizer_is_built_like_kogpt2s(tokenizer, tiny_gpt2_path):
    """A character BPE with "▁" word marks (KoGPT2's model card: ['▁안녕', '하', '세', '요.', '▁한국어', ...])."""
    spec = json.loads((Path(tiny_gpt2_path) / "tokenizer.json").read_text(encoding="utf-8"))
    assert spec["model"]["type"] == "BPE" and not spec["model"].get("byte_fallback")
    assert (spec["pre_tokenizer"]["type"], spec["pre_tokenizer"]["replacement"]) == ("Metaspace", "\u2581")
    assert (spec["decoder"]["type"], spec["decoder"]["replacement"]) == ("Metaspace", "\u2581")
    vocab = tokenizer.get_vocab()
    assert "Ġ" not in "".join(vocab) and "ì" not in "".join(vocab)  # no byte-level alphabet (Ġ, Hangul bytes as ì...)
    tokens = tokenizer.tokenize("이 영화는 정말 재밌어요")
    assert tokens[0] == "▁이" and all(t.startswith("▁") or not t.startswith(" ") for t in tokens)
    assert sum(t.startswith("▁") for t in tokens) == 4  # one word mark per word
    # Every token decodes alone to whole characters: streaming never shows a broken one.
    assert not any("\ufffd" in tokenizer.decode([i]) for i in range(len(tokenizer)))


def test_tiny_gpt2_vocabulary_is_learned_from_sentences_not_file_markup(tokenizer):
    """Like KoGPT2's, the tiny vocabulary comes from running text: no TSV tags, JSON keys or ids to write."""
    markup = ["\t", "{", '":', "guid", "klue", "I-LC", "B-PS", "answer_start", "␞"]
    vocab = tokenizer.get_vocab()
    assert [t for t in vocab if any(m in t for m in markup) and len(t.strip("▁")) > 1] == []
    assert {"▁영화", "▁정말", "▁최고"} <= set(vocab)  # what it does hold: the reviews' words, whole


def test_load_tokenizer_keeps_a_kogpt2_style_tokenizer_json(tmp_path):
    """KoGPT2's tokenizer.json is a BPE with "▁" word marks and no tokenizer_config.json; read it as is."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import GPT2Config

    from nlpbook_helpers.quick import KOGPT2_SPECIAL_TOKENS, fixture_sentences

    bpe = Tokenizer(models.BPE(unk_token="<unk>"))
    bpe.pre_tokenizer, bpe.decoder = pre_tokenizers.Metaspace(), decoders.Metaspace()
    bpe.train_from_iterator(list(fixture_sentences()), trainers.BpeTrainer(vocab_size=800, special_tokens=KOGPT2_SPECIAL_TOKENS))
    bpe.save(str(tmp_path / "tokenizer.json"))
    GPT2Config(vocab_size=800).save_pretrained(tmp_path)
    tokenizer = load_tokenizer(tmp_path)
    text = "정말 재밌어요. 배우들 연기가 최고!"
    assert tokenizer.tokenize(text) == bpe.encode(text).tokens  # the file's own pipeline, "▁" marks included
    assert tokenizer.tokenize(text)[0].startswith("▁") and tokenizer.decode(tokenizer.encode(text)) == text
    assert (tokenizer.eos_token_id, tokenizer.pad_token_id, tokenizer.unk_token_id) == (1, 3, 5)


def test_prefixed_text():
    assert prefixed_text("재밌어요", "긍정") == "긍정 재밌어요"
    assert prefixed_text("지루해요", "부정") == "부정 지루해요"
    assert prefixed_text("", "긍정") == "긍정"
    assert prefixed_text("그냥", None) == "그냥"
    with pytest.raises(InputError, match="긍정"):
        prefixed_text("그냥", "중립")


def test_encode_generation_prefix_and_eos(tokenizer, fixture_root):
    examples = read_examples("nsmc", fixture_root, "train")[:4]
    features = encode_generation(examples, tokenizer, 128)
    assert sorted(features) == ["input_ids", "labels"]
    for example, ids, labels in zip(examples, features["input_ids"], features["labels"]):
        sentiment = "긍정" if example.label == 1 else "부정"
        assert ids[0] == tokenizer.bos_token_id and ids[-1] == tokenizer.eos_token_id
        assert ids[1:-1] == tokenizer.encode(f"{sentiment} {example.text_a}", add_special_tokens=False)
        assert tokenizer.convert_ids_to_tokens(ids[1]).startswith("\u2581")  # "▁" opens a word, as in KoGPT2
        assert tokenizer.decode(ids, skip_special_tokens=True) == f"{sentiment} {example.text_a}"
        assert labels == ids
    assert examples[0].label == 0 and tokenizer.decode(features["input_ids"][0][1:-1]).startswith("부정 ")
    cut = encode_generation(examples[:1], tokenizer, 8)["input_ids"][0]
    assert len(cut) == 8 and cut[-1] == tokenizer.eos_token_id  # a cut review still ends in eos


def test_padding_positions_are_ignored_by_the_loss(quick_args, tiny_gpt2_path):
    args = quick_args(pretrained_model_name="skt/kogpt2-base-v2", batch_size=4)
    tokenizer = load_tokenizer(args.pretrained_model_name)
    dataset = build_dataset(args, tokenizer, read_corpus(args, "val"), encode_generation)
    assert len(dataset) == 200
    items = [dataset[i] for i in range(4)]
    lengths = [len(item["input_ids"]) for item in items]
    assert len(set(lengths)) > 1  # the batch needs padding
    batch = PadCollator(tokenizer.pad_token_id)(items)
    for row, n in enumerate(lengths):
        assert batch["labels"][row, :n].tolist() == batch["input_ids"][row, :n].tolist() == items[row]["input_ids"].tolist()
        assert batch["labels"][row, n:].eq(-100).all() and batch["input_ids"][row, n:].eq(tokenizer.pad_token_id).all()
        assert batch["attention_mask"][row].sum() == n
    assert tokenizer.pad_token_id != tokenizer.eos_token_id
    # The padded batch has the same loss as the examples one by one, weighted by their target tokens.
    model = GPT2LMHeadModel.from_pretrained(tiny_gpt2_path).eval()
    with torch.no_grad():
        batch_loss = float(model(**batch).loss)
        singles = [float(model(input_ids=it["input_ids"][None], labels=it["labels"][None]).loss) for it in items]
    expected = sum(loss * (n - 1) for loss, n in zip(singles, lengths)) / sum(n - 1 for n in lengths)
    assert batch_loss == pytest.approx(expected, rel=1e-5)


def test_check_controls_messages():
    assert check_controls(128, 10) == {}
    assert check_controls(128, 10, max_new_tokens=118, do_sample=True, temperature=0.7, top_k=50, top_p=1.0,
                          repetition_penalty=1.2, no_repeat_ngram_size=3, num_beams=4, seed=0) == {}
    bad = check_controls(128, 10, max_new_tokens=119, temperature=0, top_p=0, num_beams=0, top_k=-1,
                         repetition_penalty=0.0, no_repeat_ngram_size=-2, seed=-1, beams=2)
    assert sorted(bad) == ["beams", "max_new_tokens", "no_repeat_ngram_size", "num_beams", "repetition_penalty",
                           "seed", "temperature", "top_k", "top_p"]
    assert "1 이상 118 이하" in bad["max_new_tokens"] and "128 토큰" in bad["max_new_tokens"]
    assert bad["temperature"] == "temperature는 0보다 커야 합니다 (지금 0)."
    assert "top_p는 0보다 크고 1 이하" in bad["top_p"]
    assert check_controls(128, 0, top_p=1.01, temperature=-0.5, max_new_tokens=0).keys() == {"top_p", "temperature",
                                                                                              "max_new_tokens"}
    assert check_controls(128, 0, max_new_tokens=2.5).keys() == {"max_new_tokens"}
    assert check_controls(128, 128).keys() == {"prompt"}


def test_generator_rejects_controls_out_of_range(generator):
    ids, hidden = generator.prompt_ids("이 영화", "긍정")
    room = 128 - len(ids)
    assert generator.check("이 영화", "긍정", max_new_tokens=room) == {}
    assert generator.check("이 영화", "긍정", max_new_tokens=room + 1).keys() == {"max_new_tokens"}
    with pytest.raises(InputError, match="temperature는 0보다"):
        generator("이 영화", temperature=0.0, do_sample=True)
    with pytest.raises(InputError, match="num_beams"):
        generator("이 영화", num_beams=0)


def test_prompt_ids_start_with_bos_and_prefix(generator, tokenizer):
    ids, hidden = generator.prompt_ids("이 영화", "긍정")
    assert ids == [tokenizer.bos_token_id] + tokenizer.encode("긍정 이 영화", add_special_tokens=False)
    assert tokenizer.decode(ids[hidden:]).strip() == "이 영화"
    assert generator.prompt_ids("", None) == ([tokenizer.bos_token_id], 1)


def test_same_seed_same_text(generator):
    settings = dict(max_new_tokens=12, do_sample=True, temperature=0.9, top_k=50, top_p=0.95)
    first = generator("이 영화", "긍정", seed=3, **settings)
    assert generator("이 영화", "긍정", seed=3, **settings) == first
    assert first.startswith("이 영화") and len(first) > len("이 영화")
    assert generator("이 영화", "긍정", seed=4, **settings) != first  # another seed samples another text
    # Greedy and beam search need no seed: they always pick the same tokens.
    assert generator("정말", max_new_tokens=6) == generator("정말", max_new_tokens=6)
    beams = generator("정말", max_new_tokens=6, num_beams=3)
    assert generator("정말", max_new_tokens=6, num_beams=3) == beams
    # ... and the beam setting reaches generate: the text is the one beam search gives.
    ids, hidden = generator.prompt_ids("정말")
    expected = generator.model.generate(torch.tensor([ids]), attention_mask=torch.ones(1, len(ids), dtype=torch.long),
                                        max_new_tokens=6, num_beams=3, do_sample=False,
                                        suppress_tokens=[generator.tokenizer.pad_token_id],
                                        pad_token_id=generator.tokenizer.pad_token_id)
    assert beams == generator.tokenizer.decode(expected[0, hidden:], skip_special_tokens=True).strip()
    assert beams != generator("정말", max_new_tokens=6)  # measured: beam search and greedy differ here


def test_generator_never_writes_pad(tiny_gpt2_path, tokenizer):
    """<pad> only fills batches: even a model that favours it writes other tokens (and no padding warning)."""
    model = GPT2LMHeadModel.from_pretrained(tiny_gpt2_path)

    def favour_pad(module, inputs, logits):
        logits = logits.clone()
        logits[..., tokenizer.pad_token_id] += 50
        return logits

    model.lm_head.register_forward_hook(favour_pad)
    generator, outputs = Generator(model, tokenizer), []
    generate = model.generate
    model.generate = lambda *args, **kwargs: outputs.append(generate(*args, **kwargs)) or outputs[-1]
    for settings in (dict(), dict(do_sample=True, top_k=0, top_p=0.92, seed=7), dict(num_beams=3)):
        generator("이 영화", max_new_tokens=8, **settings)
        new_ids = outputs[-1][0, len(generator.prompt_ids("이 영화")[0]):].tolist()
        assert len(new_ids) == 8 and tokenizer.pad_token_id not in new_ids, (settings, new_ids)


def test_generated_text_streams_token_by_token(generator):
    texts = []
    text = generator("이 영화", "긍정", on_text=texts.append, max_new_tokens=20, do_sample=True, seed=1)
    assert texts[0] == "이 영화"  # the prompt first, then the text so far after each new token
    assert 3 <= len(texts) <= 1 + 20 and texts[-1] == text.rstrip("\ufffd")
    beam_texts = []
    beam_text = generator("이 영화", on_text=beam_texts.append, max_new_tokens=10, num_beams=2)
    assert beam_texts == [beam_text]  # beam search cannot stream: the text comes once, at the end


def test_training_lowers_validation_perplexity(quick_args):
    import pytorch_lightning as pl

    from pipeline import load_for_inference
    from pipeline import notebook_fit, notebook_task, notebook_trainer

    args = quick_args(pretrained_model_name="skt/kogpt2-base-v2", epochs=2)
    pl.seed_everything(args.seed)
    tokenizer = load_tokenizer(args.pretrained_model_name)
    train_dataloader = make_dataloader(build_dataset(args, tokenizer, read_corpus(args, "train"), encode_generation), args, tokenizer, True)
    val_dataloader = make_dataloader(build_dataset(args, tokenizer, read_corpus(args, "val"), encode_generation), args, tokenizer, False)
    model = GPT2LMHeadModel.from_pretrained(args.pretrained_model_name)
    task = notebook_task("generation")(model, args)
    checker = pl.Trainer(accelerator="cpu", logger=False, enable_checkpointing=False, enable_progress_bar=False,
                         enable_model_summary=False)
    before = checker.validate(task, val_dataloader, verbose=False)[0]
    assert before["val_ppl"] == pytest.approx(math.exp(before["val_loss"]), rel=1e-5)
    assert before["val_loss"] == pytest.approx(_token_mean_loss(model, val_dataloader), rel=1e-5)
    assert before["val_ppl"] > len(tokenizer) / 4  # random weights: about as bad as guessing any token

    notebook_fit(notebook_trainer(args, train_dataloader), task, train_dataloader, val_dataloader)
    after = checker.validate(task, val_dataloader, verbose=False)[0]
    assert after["val_ppl"] < before["val_ppl"] / 10  # measured: about 1985 -> 99

    model, tokenizer, info = load_for_inference(args.downstream_model_dir, "generation", load_tokenizer)
    assert type(model) is GPT2LMHeadModel
    assert info["task"] == "generation" and tokenizer.eos_token == "</s>"
    text = Generator(model, tokenizer)("", "긍정", max_new_tokens=30, do_sample=True, top_k=20, seed=0)
    assert text and not text.startswith("긍정")


def _token_mean_loss(model, dataloader):
    """Cross-entropy per predicted token over a whole dataloader, computed directly (eval mode: no dropout)."""
    total, count = 0.0, 0
    model.eval()
    with torch.no_grad():
        for batch in dataloader:
            logits = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).logits
            targets = batch["labels"][:, 1:]
            total += float(F.cross_entropy(logits[:, :-1].flatten(0, 1), targets.flatten(), reduction="sum"))
            count += int((targets != -100).sum())
    return total / count


def test_generation_demo(generator):
    from nlpbook_helpers.widgets.generation import generation_demo

    demo = generation_demo(generator)
    demo.prompt.value = "이 영화"
    demo.sentiment.value = "긍정"
    demo.do_sample.value = True
    demo.seed.value = 5
    demo.max_new_tokens.value = 10
    shown = []
    demo.result.observe(lambda change: shown.append(change["new"]), names="value")
    demo.button.click()
    first = demo.result.value
    assert "이 영화" in first and demo.messages["temperature"].value == ""
    # Streamed: the text grew in the widget token by token (with a cursor) before the final text.
    assert len(shown) >= 3 and all("▌" in value for value in shown[:-1]) and "▌" not in first
    demo.button.click()
    assert demo.result.value == first  # same seed, same settings: same text

    demo.temperature.value = 0.0
    demo.top_p.value = 1.5
    demo.button.click()
    assert "temperature는 0보다" in demo.messages["temperature"].value
    assert "top_p는" in demo.messages["top_p"].value
    assert demo.messages["num_beams"].value == ""
    assert demo.result.value == first  # nothing generated while a control is out of range

    demo.temperature.value, demo.top_p.value = 1.0, 0.9
    demo.num_beams.value = 0
    demo.button.click()
    assert demo.messages["temperature"].value == "" and "num_beams" in demo.messages["num_beams"].value
    demo.num_beams.value = 1
    demo.max_new_tokens.value = 1000
    demo.button.click()
    assert "max_new_tokens" in demo.messages["max_new_tokens"].value


def test_the_notebooks_dataloader_masks_padding_out_of_the_loss(quick_args, tiny_gpt2_path):
    """Batches of the generation notebook's dataloader: padding is <pad> in the input and -100 in the labels."""
    args = quick_args(pretrained_model_name="skt/kogpt2-base-v2", downstream_corpus_name="nsmc")
    tokenizer = load_tokenizer(args.pretrained_model_name)
    dataset = build_dataset(args, tokenizer, read_corpus(args, "val"), encode_generation)
    batch = next(iter(make_dataloader(dataset, args, tokenizer, shuffle=False)))
    lengths = batch["attention_mask"].sum(dim=1)
    assert lengths.min() < lengths.max()  # this batch has padding
    for row, length in enumerate(lengths.tolist()):
        assert batch["labels"][row, :length].tolist() == batch["input_ids"][row, :length].tolist()
        assert set(batch["labels"][row, length:].tolist()) <= {-100}
        assert set(batch["input_ids"][row, length:].tolist()) <= {tokenizer.pad_token_id}
