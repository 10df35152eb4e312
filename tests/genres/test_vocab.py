"""The vocabulary files load, and their words are usable (compacted, unique per list)."""

from __future__ import annotations

from jixiao.genres import vocab
from jixiao.model.evaluation import DocType, Fund, Indicator


def test_column_fields_are_model_fields() -> None:
    assert set(vocab.columns("indicator")) <= set(Indicator.__dataclass_fields__)
    assert set(vocab.columns("fund")) <= set(Fund.__dataclass_fields__)


def test_doc_titles_cover_every_doc_type() -> None:
    assert set(vocab.heading_fields("doc_titles")) == {d.value for d in DocType}


def test_word_lists_have_no_empty_or_repeated_words() -> None:
    lists = [*vocab.columns("indicator").values(), *vocab.columns("fund").values(),
             *vocab.form_labels().values(), vocab.label_words("level1_names"),
             vocab.label_words("grades"), vocab.heading_words("problems")]  # fmt: skip
    for words in lists:
        assert all(words) and len(set(words)) == len(words), words


def test_level2_rules_name_known_first_levels() -> None:
    names = set(vocab.label_words("level1_names"))
    for rule in vocab.level2_rules():
        assert set(rule.level1s) <= names, rule


def test_sentence_words_load() -> None:
    assert vocab.sentence_words("fund_rows") == ("基本支出", "项目支出")
    assert [col for col, _ in vocab.fund_columns()] == ["executed", "initial", "total"]
    assert "人" in vocab.sentence_words("count_units")
