"""Unit tests of the figures helpers: listing, normalising, unused images, sizes."""

from __future__ import annotations

from pathlib import Path

from mlops_report.engine.figures import (
    figure_files,
    file_size,
    image_markup,
    markdown_path,
    normalized,
    unused_images,
)

from .feature_helpers import BASE, FakeFS, analysis, report


def test_figure_files_walks_subfolders_and_skips_hidden_names() -> None:
    fs = FakeFS(
        "figures/b.png", "figures/a/c.jpg", "figures/.DS_Store", "figures/.git/x.png", "x.png"
    )
    assert figure_files(fs, BASE) == ["figures/a/c.jpg", "figures/b.png"]
    assert figure_files(fs, None) == []
    assert figure_files(FakeFS(), BASE) == []


def test_normalized_compares_written_paths() -> None:
    assert normalized("./figures/My%20Shot.PNG") == normalized("figures/my shot.png")
    assert normalized("figures\\a.png") == "figures/a.png"
    assert normalized("  ") == ""


def test_unused_images_ignores_used_ones_and_non_images() -> None:
    a = analysis(report({19: "[a](figures/A.png)", 20: "![b](./figures/b.png)"}))
    files = [
        "figures/a.png",
        "figures/b.png",
        "figures/c.png",
        "figures/d.txt",
        "figures/figure.png",
    ]
    assert unused_images(a, files) == ["figures/c.png"]


def test_markup_escapes_what_markdown_cannot_take() -> None:
    assert markdown_path("figures/a b (1).png") == "figures/a%20b%20%281%29.png"
    assert (
        image_markup("figures/sub/drift plot.png") == "![drift plot](figures/sub/drift%20plot.png)"
    )
    assert image_markup("figures/[x].png") == "![x](figures/[x].png)"


def test_file_size_reads_only_metadata(tmp_path: Path) -> None:
    f = tmp_path / "a.png"
    f.write_bytes(b"x" * 1536)
    assert file_size(f) == 1536
    assert file_size(tmp_path) is None  # a folder
    assert file_size(tmp_path / "missing.png") is None
