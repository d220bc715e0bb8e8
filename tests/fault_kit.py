"""A folder of bad inputs mixed with good articles, as a new user's corpus might be (issue 14).

``build(root)`` writes it and returns what a run must do with it: which
articles are stored under which id, and which inputs are rejected with which
code. Used by tests/test_faults.py; ``python tests/fault_kit.py DIR`` writes
one to look at.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "eventwire" / "samples"

RUSSIAN = (
    "Министр иностранных дел России Сергей Лавров провёл в понедельник переговоры со своим китайским коллегой. "
    "Стороны обсудили положение на Украине, торговлю и подготовку визита председателя КНР в Москву. "
    "По словам министра, отношения двух стран находятся на самом высоком уровне за всю историю."
)
CHINESE = (
    "中国外交部周五宣布，国家主席习近平将于下周对俄罗斯进行国事访问，并与俄罗斯总统普京举行会谈。"
    "外交部发言人表示，此次访问是一次友谊之旅、合作之旅、和平之旅，双方将就双边关系和重大国际问题交换意见。"
    "分析人士认为，这次访问表明两国关系保持高水平发展，也显示中国希望在乌克兰问题上发挥建设性作用。"
)
ARABIC = (
    "أعلنت وزارة الخارجية الصينية يوم الجمعة أن الرئيس شي جين بينغ سيقوم بزيارة دولة إلى روسيا الأسبوع المقبل "
    "ويجري محادثات مع الرئيس الروسي فلاديمير بوتين. وقال المتحدث باسم الوزارة إن الزيارة رحلة صداقة وتعاون وسلام، "
    "وإن الجانبين سيتبادلان وجهات النظر حول العلاقات الثنائية والقضايا الدولية والإقليمية الكبرى."
)
BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<rss version="2.0"><channel><title>Laughs</title>
<item><title>lol</title><description>&lol9;</description></item>
</channel></rss>
"""


@dataclass
class FaultKit:
    """What a run over ``inputs`` must leave in the store."""

    inputs: list[Path]
    stored: dict[str, str] = field(default_factory=dict)  # doc id -> the start of its text
    rejected: dict[str, str] = field(default_factory=dict)  # input (as the rejected table names it) -> code
    needs_no_file_override: list[str] = field(default_factory=list)  # cases that need unreadable files


def _sample(i: int) -> str:
    return sorted(SAMPLES.glob("*.txt"))[i].read_text(encoding="utf-8")


def build(root: Path, *, unreadable: bool = True) -> FaultKit:
    """Write the kit under ``root``. ``unreadable``: include files and folders with mode 000 (they are unreadable
    only to a process without CAP_DAC_OVERRIDE, see tests/test_faults.py)."""
    folder = root / "kit"
    folder.mkdir(parents=True)
    kit = FaultKit(inputs=[folder])

    def good(rel: str, text: str, doc_id: str | None = None, encoding: str = "utf-8") -> None:
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode(encoding))
        kit.stored[doc_id or str(Path(rel).with_suffix(""))] = text[:40]

    def bad(rel: str, data: bytes | str, code: str) -> Path:
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        kit.rejected[str(path)] = code
        return path

    # Good articles, two of them with the same file stem in different folders: both are kept.
    for i in range(4):
        name = sorted(SAMPLES.glob("*.txt"))[i].name
        good(name, _sample(i))
    good("a/report.txt", _sample(4))
    good("b/report.txt", _sample(5))
    # UTF-16 and UTF-32 with a byte-order mark are decoded, not called binary.
    good("utf16.txt", _sample(6), encoding="utf-16")
    good("utf32.txt", _sample(7), encoding="utf-32")

    # JSON Lines: good records, a repeated id with the same text (unchanged), a repeated id with other text
    # (rejected, naming both sources), lone surrogates in text and id, a deeply nested line.
    records = folder / "wire.jsonl"
    lines = [
        json.dumps({"id": "wire-1", "text": _sample(8)}),
        json.dumps({"id": "wire-2", "text": _sample(9)}),
        json.dumps({"id": "wire-1", "text": _sample(8)}),
        json.dumps({"id": "wire-2", "text": _sample(10)}),
        '{"id": "lone-text", "text": "Officials met in Geneva \\ud800 on Monday to discuss the ceasefire."}',
        '{"id": "lone-\\udc00-id", "text": "Officials met in Geneva on Monday to discuss the ceasefire."}',
        '{"id": "deep", "text": ' + "[" * 100_000 + "]" * 100_000 + "}",
        json.dumps({"id": "wire-3", "text": _sample(11)}),
    ]
    records.write_text("\n".join(lines) + "\n", encoding="utf-8")
    kit.stored.update({"wire-1": _sample(8)[:40], "wire-2": _sample(9)[:40], "wire-3": _sample(11)[:40]})
    kit.rejected.update({f"{records}:4": "E015", f"{records}:5": "E016", f"{records}:6": "E016"})
    kit.rejected[f"{records}:7"] = "E007"

    # Files in the folder that cannot be articles: reported as skipped, never silently dropped.
    bad("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "E006")
    bad("archive.gz", b"\x1f\x8b\x08\x00" + bytes(200), "E006")
    os.mkfifo(folder / "pipe.jsonl")
    kit.rejected[str(folder / "pipe.jsonl")] = "E017"
    (folder / "self-loop.txt").symlink_to("self-loop.txt")
    kit.rejected[str(folder / "self-loop.txt")] = "E020"
    (folder / "a" / "up").symlink_to("..", target_is_directory=True)
    kit.rejected[str(folder / "a" / "up")] = "E020"
    odd = os.fsdecode(os.fsencode(str(folder)) + b"/caf\xe9.txt")
    Path(odd).write_text("The minister met the ambassador.", encoding="utf-8")
    kit.rejected[os.fsencode(odd).decode("utf-8", "backslashreplace")] = "E018"

    # Text eventwire must not pretend to read.
    bad("laughs.rss", BILLION_LAUGHS, "E021")
    bad("russian.txt", RUSSIAN, "E023")
    bad("chinese.txt", CHINESE, "E023")
    bad("arabic.txt", ARABIC, "E023")

    # A named pipe named on the command line: counting inputs must not open it.
    explicit_pipe = root / "explicit-pipe.jsonl"
    os.mkfifo(explicit_pipe)
    kit.inputs.append(explicit_pipe)
    kit.rejected[str(explicit_pipe)] = "E017"

    if unreadable:
        locked_jsonl = bad("locked.jsonl", json.dumps({"id": "locked", "text": _sample(12)}) + "\n", "E010")
        locked_dir = folder / "locked-dir"
        locked_dir.mkdir()
        (locked_dir / "inside.txt").write_text(_sample(12), encoding="utf-8")
        kit.rejected[str(locked_dir)] = "E019"
        named = root / "locked-named.txt"
        named.write_text(_sample(13), encoding="utf-8")
        kit.inputs.append(named)
        kit.rejected[str(named)] = "E010"
        for path in (locked_jsonl, locked_dir, named):
            path.chmod(0)
        kit.needs_no_file_override = [str(locked_jsonl), str(locked_dir), str(named)]
    return kit


if __name__ == "__main__":
    made = build(Path(sys.argv[1]))
    print(json.dumps({"inputs": [str(p) for p in made.inputs], "stored": sorted(made.stored),
                      "rejected": made.rejected}, indent=1))
