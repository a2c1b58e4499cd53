"""The per-account tag classifier: word 1- and 2-grams into one linear model per tag (one-vs-rest
logistic regression), as paperless-ngx does with its bag of words.

Trained only on documents whose tags the user confirmed; pickled with the scikit-learn version
that wrote it, and never unpickled under another version (the caller retrains instead). The
pickle is only ever read from the service's own database.
"""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.metadata import version
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # scikit-learn (with SciPy, seconds to import) loads when a model is trained
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.preprocessing import MultiLabelBinarizer

#: characters of a document the classifier reads
MAX_TEXT = 50_000
#: a tag needs this many confirmed documents with it, and one without, to be learned
MIN_EXAMPLES = 3
#: least probability for the classifier to set a tag
THRESHOLD = 0.5


@dataclass(frozen=True)
class Example:
    text: str
    tag_ids: frozenset[str]


@dataclass
class TagClassifier:
    vectorizer: TfidfVectorizer
    labels: MultiLabelBinarizer
    model: OneVsRestClassifier

    def predict(self, text: str) -> dict[str, float]:
        """Each learned tag the text likely carries, with its probability."""
        features = self.vectorizer.transform([text[:MAX_TEXT]])
        probabilities = self.model.predict_proba(features)[0]
        return {
            tag_id: float(p)
            for tag_id, p in zip(self.labels.classes_, probabilities, strict=True)
            if p >= THRESHOLD
        }

    def dumps(self) -> bytes:
        return pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL)


def current_version() -> str:
    """The installed scikit-learn's version, read from its metadata (cheap: the health check
    asks on the event loop, and importing scikit-learn takes seconds)."""
    return version("scikit-learn")


def loads(blob: bytes, version: str) -> TagClassifier | None:
    """The stored classifier, or None when another scikit-learn version wrote it or nothing was
    learnable (an empty blob)."""
    if not blob or version != current_version():
        return None
    model = pickle.loads(blob)
    return model if isinstance(model, TagClassifier) else None


def learnable(examples: Sequence[Example]) -> set[str]:
    """Tags with at least ``MIN_EXAMPLES`` confirmed documents on each side."""
    counts: dict[str, int] = {}
    for example in examples:
        for tag_id in example.tag_ids:
            counts[tag_id] = counts.get(tag_id, 0) + 1
    return {t for t, n in counts.items() if n >= MIN_EXAMPLES and len(examples) - n >= 1}


def train(examples: Sequence[Example]) -> TagClassifier | None:
    """A classifier over the learnable tags, or None when there is none to learn."""
    tags = learnable(examples)
    if not tags:
        return None
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.preprocessing import MultiLabelBinarizer

    vectorizer = TfidfVectorizer(
        ngram_range=(1, 2), min_df=1, max_features=50_000, sublinear_tf=True
    )
    features = vectorizer.fit_transform([e.text[:MAX_TEXT] for e in examples])
    labels = MultiLabelBinarizer(classes=sorted(tags))
    targets = labels.fit_transform([e.tag_ids & tags for e in examples])
    model = OneVsRestClassifier(LogisticRegression(C=10.0, solver="liblinear"))
    model.fit(features, targets)
    return TagClassifier(vectorizer, labels, model)
