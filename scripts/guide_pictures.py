"""The guide's pictures, made from the shipped plans as a user would make them: the workbook, a
notice and a form rendered by LibreOffice (soffice → PDF → pdftoppm), the status site in headless
Chromium at a phone's width. Run it again whenever what they show changes:

    python scripts/guide_pictures.py

Needs soffice, pdftoppm and chromium on PATH (Debian: libreoffice-calc libreoffice-writer
poppler-utils chromium)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PICTURES = ROOT / "docs" / "hinh"
AS_OF = "2024-04-15"
AGENCY = "Sở Tư pháp"
DPI = "70"  # enough to read on a screen, small enough to keep in git
PHONE = (390, 1400)


def caicach(*args: str) -> None:
    command = [sys.executable, "-m", "caicach", *args, "--plans", str(ROOT / "plans")]
    subprocess.run(command, check=True, cwd=ROOT)


def first_page(document: Path, picture: str, work: Path) -> None:
    """Page 1 of `document` as printed by LibreOffice, as docs/hinh/<picture>.png."""
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(work), str(document)],
        check=True,
        capture_output=True,
        env={"HOME": str(work), "PATH": "/usr/bin:/bin"},  # a profile of its own, no dialogs
    )
    pdf = work / f"{document.stem}.pdf"
    out = PICTURES / picture
    subprocess.run(
        ["pdftoppm", "-png", "-r", DPI, "-f", "1", "-l", "1", "-singlefile", str(pdf), str(out)],
        check=True,
    )


def phone_shot(page: Path, picture: str) -> None:
    browser = next(b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b))
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            f"--window-size={PHONE[0]},{PHONE[1]}",
            f"--screenshot={PICTURES / picture}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
    )


def main() -> None:
    PICTURES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        caicach("report", "--as-of", AS_OF, "-o", str(work / "so-tinh-hinh.xlsx"))
        first_page(work / "so-tinh-hinh.xlsx", "so-tinh-hinh", work)
        caicach(
            "urge",
            "--agency",
            AGENCY,
            "--as-of",
            AS_OF,
            "--dry-run",
            "-o",
            str(work / "cong-van.docx"),
        )
        first_page(work / "cong-van.docx", "cong-van", work)
        caicach("forms", "--agency", AGENCY, "--as-of", AS_OF, "-o", str(work / "phieu.xlsx"))
        first_page(work / "phieu.xlsx", "phieu-bao-cao", work)
        caicach("site", "--as-of", AS_OF, "-o", str(work / "site"))
        phone_shot(work / "site" / "index.html", "trang-tinh-hinh.png")
    for picture in sorted(PICTURES.glob("*.png")):
        print(f"{picture.relative_to(ROOT)}: {picture.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main()
