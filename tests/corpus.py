"""Where the shared third-party corpora live; tests that need them skip cleanly when they are absent."""

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
SEED = CORPUS / "seed" / "000_56f1f53b714aaa58.txt"
MFA_CSV = CORPUS / "mfarussia-tme-scrape" / "mfa_telegram.csv"
RIA_JSON = CORPUS / "ria-novosti-telethon-ru" / "1001101170442_messages.json"
DESKTOP_EXPORT = CORPUS / "telegram-desktop-sample" / "result.json"
OLD_GROUP_EXPORT = CORPUS / "telegram-desktop-sample" / "result_private_group_2022.json"
SEED_GOLD = SHARED / "annotation" / "seed-gold.jsonl"
SEED_ALIASES = SHARED / "annotation" / "seed-aliases.json"


def need(path: Path) -> Path:
    if not path.is_file():
        pytest.skip(f"{path} is not here (third-party corpus, read from ../shared)")
    return path
